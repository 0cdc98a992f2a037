"""Verifying a digitally signed container (.asice/.bdoc): zipfile for the container, signxml's XAdES
verifier and `cryptography` for the signatures and the certificate chain.

A container is accepted for a job description version when:
- it is an ASiC-E container: a zip whose `mimetype` is application/vnd.etsi.asic-e+zip, with
  META-INF/manifest.xml naming every data file and at least one META-INF/*signatures*.xml;
- it holds exactly the PDF this version was given out for signing (by SHA-256);
- every signature's value verifies over its SignedInfo, its signed properties (signing certificate
  digest) verify, and every document reference in it has the digest of the container's file;
  every signature covers every data file (nothing unsigned rides along);
- every signer's certificate chains to a trusted certification authority at the time of upload:
  settings.SIGNATURE_TRUSTED_CA_FILES (PEM or DER files) or, when that is empty, the Estonian
  e-identity CAs shipped by the `esteid-certificates` package (ID card, Mobile-ID, Smart-ID), so a
  real DigiDoc container verifies out of the box. The package's TEST CAs are never trusted.

Revocation (OCSP) and signature time-stamps are not checked: the upload happens right after signing
and the certificate must be valid now.
"""

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from teenindus.core.exceptions import ValidationFailed

MIMETYPE = b"application/vnd.etsi.asic-e+zip"
NS = {
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "xades": "http://uri.etsi.org/01903/v1.3.2#",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
# A job description PDF and a few signatures: anything far larger is not a container we asked for.
MAX_ENTRIES = 50
MAX_UNCOMPRESSED = 50 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=False)


@dataclass(frozen=True)
class Signer:
    name: str
    id_code: str
    signed_at: str

    def as_dict(self) -> dict:
        return {"name": self.name, "id_code": self.id_code, "signed_at": self.signed_at}


class ContainerRejected(ValidationFailed):
    pass


def _reject(message: str) -> ContainerRejected:
    return ContainerRejected(message, field="container")


def _load_certificates(paths) -> list:
    from cryptography import x509

    cas = []
    for path in paths:
        data = Path(path).read_bytes()
        cas.extend(
            x509.load_pem_x509_certificates(data)
            if b"-----BEGIN" in data
            else [x509.load_der_x509_certificate(data)]
        )
    return cas


@cache
def _esteid_cas() -> tuple:
    """The live Estonian e-identity CAs and roots from esteid-certificates (no TEST, no time-stamping)."""
    import esteid_certificates
    from esteid_certificates.constants.constants import LIVE_CERTS

    paths = [
        path
        for name, path in sorted(LIVE_CERTS.items())
        if "TIMESTAMPING" not in name.upper() and "TSA" not in name.upper()
    ]
    paths += list(esteid_certificates.get_root_ca_files(test=False))
    return tuple(_load_certificates(paths))


def trusted_cas() -> list:
    configured = getattr(settings, "SIGNATURE_TRUSTED_CA_FILES", None) or []
    return _load_certificates(configured) if configured else list(_esteid_cas())


def _signer(certificate, signing_time: str) -> Signer:
    from cryptography.x509.oid import NameOID

    def first(oid) -> str:
        values = certificate.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    name = " ".join(part for part in (first(NameOID.GIVEN_NAME), first(NameOID.SURNAME)) if part)
    serial = first(NameOID.SERIAL_NUMBER)
    id_code = serial.split("-", 1)[1] if serial.startswith(("PNO", "IDC")) and "-" in serial else serial
    return Signer(name=name or first(NameOID.COMMON_NAME), id_code=id_code, signed_at=signing_time or "")


def _read_container(data: bytes) -> tuple[dict[str, bytes], list[bytes]]:
    """(data files by name, signature files) of a well-formed ASiC-E zip; ContainerRejected otherwise."""
    not_container = _reject(_("The file is not a valid .asice/.bdoc container."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED:
            raise not_container
        names = [e.filename for e in entries if not e.is_dir()]
        if "mimetype" not in names or archive.read("mimetype").strip() != MIMETYPE:
            raise not_container
        if "META-INF/manifest.xml" not in names:
            raise not_container
        manifest = etree.fromstring(archive.read("META-INF/manifest.xml"), _PARSER)
        listed = {
            entry.get(f"{{{NS['manifest']}}}full-path")
            for entry in manifest.iterfind("manifest:file-entry", NS)
        }
        files = {
            name: archive.read(name)
            for name in names
            if name != "mimetype" and not name.startswith("META-INF/")
        }
        signatures = [
            archive.read(name)
            for name in names
            if name.startswith("META-INF/")
            and "signatures" in name.rsplit("/", 1)[-1]
            and name.endswith(".xml")
        ]
    except ContainerRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        etree.XMLSyntaxError,
        OSError,
        ValueError,
        KeyError,
    ) as exc:
        raise not_container from exc
    if not files or not signatures or not set(files) <= listed:
        raise not_container
    return files, signatures


def _verify_signature(signature, files: dict[str, bytes], trusted: list) -> tuple[set[str], Signer]:
    """Verify one ds:Signature; (the data files it covers, its signer)."""
    from cryptography import x509
    from cryptography.x509.verification import Criticality, ExtensionPolicy
    from signxml import SignatureConfiguration
    from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidSignature, SignXMLException
    from signxml.util import X509CertChainVerifier
    from signxml.xades import XAdESVerifier

    covered: list[str] = []  # in the order signxml checks them: the last is the one that failed

    def resolve(uri: str) -> bytes | None:
        name = unquote(uri)
        if name in files:
            covered.append(name)
            return files[name]
        return None

    class TrustedChain(X509CertChainVerifier):
        """The signxml chain verifier with the agency's trust anchors instead of a PEM file."""

        @property
        def store(self):
            return x509.verification.Store(trusted)

    class Verifier(XAdESVerifier):
        def get_cert_chain_verifier(self, ca_pem_file, ee_policy, ca_policy):
            return TrustedChain(
                verification_time=self._get_cert_verification_time(), ee_policy=ee_policy, ca_policy=ca_policy
            )

    def signing_key_usage(policy, cert, key_usage) -> None:
        # Qualified signature certificates (ID card, Smart-ID) carry nonRepudiation only.
        if not (key_usage.content_commitment or key_usage.digital_signature):
            raise ValueError("the certificate may not sign documents")

    def is_ca(policy, cert, constraints) -> None:
        if not constraints.ca:
            raise ValueError("the issuer is not a certification authority")

    config = SignatureConfiguration(expect_references=True)
    try:
        results = Verifier().verify(
            etree.tostring(signature),
            expect_config=config,
            uri_resolver=resolve,
            ee_policy=ExtensionPolicy.permit_all().require_present(
                x509.KeyUsage, Criticality.AGNOSTIC, signing_key_usage
            ),
            ca_policy=ExtensionPolicy.permit_all().require_present(
                x509.BasicConstraints, Criticality.AGNOSTIC, is_ca
            ),
        )
    except InvalidCertificate as exc:
        raise _reject(
            _("The signer's certificate is not issued by a trusted certification authority.")
        ) from exc
    except InvalidDigest as exc:
        changed = covered[-1] if covered else "META-INF"
        raise _reject(
            _("The container's files were changed after signing (%(file)s).") % {"file": changed}
        ) from exc
    except (InvalidSignature, SignXMLException, ValueError, KeyError) as exc:
        raise _reject(_("A signature in the container is not valid.")) from exc
    properties = next(r for r in results if getattr(r, "signed_properties", None) is not None)
    time = properties.signed_properties.findtext("xades:SigningTime", default="", namespaces=NS)
    # Name the certificate whose key verified the signature (signxml checked that it chains to a CA).
    key = _key_bytes(properties.signature_key)
    for text in signature.findall("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS):
        candidate = x509.load_der_x509_certificate(base64.b64decode("".join((text.text or "").split())))
        if candidate.public_key().public_bytes(*_spki()) == key:
            return set(covered), _signer(candidate, time.strip())
    raise _reject(_("A signature in the container is not valid."))


def _spki():
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return Encoding.PEM, PublicFormat.SubjectPublicKeyInfo


def _key_bytes(key) -> bytes:
    return key if isinstance(key, bytes) else key.public_bytes(*_spki())


def container_verify(*, data: bytes, expected_sha256: str) -> list[Signer]:
    """The signers of a valid container holding the expected document; ContainerRejected otherwise."""
    files, signature_files = _read_container(data)
    if not any(hashlib.sha256(content).hexdigest() == expected_sha256 for content in files.values()):
        raise _reject(
            _("The container does not hold this version's PDF; sign the PDF downloaded from this page.")
        )
    trusted = trusted_cas()
    if not trusted:
        raise _reject(_("No trusted certification authorities are configured (SIGNATURE_TRUSTED_CA_FILES)."))
    signers: list[Signer] = []
    for content in signature_files:
        try:
            root = etree.fromstring(content, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise _reject(_("The file is not a valid .asice/.bdoc container.")) from exc
        signatures = [root] if root.tag == f"{{{NS['ds']}}}Signature" else root.findall("ds:Signature", NS)
        if not signatures:
            raise _reject(_("A signature in the container is not valid."))
        for signature in signatures:
            covered, signer = _verify_signature(signature, files, trusted)
            if covered != set(files):
                missing = ", ".join(sorted(set(files) - covered))
                raise _reject(
                    _("The container's files were changed after signing (%(file)s).") % {"file": missing}
                )
            signers.append(signer)
    if not signers:
        raise _reject(_("The container has no signatures."))
    return signers
