"""Verifying a digitally signed container (.asice/.bdoc) with pyasice.

A container is accepted for a job description version when:
- it is a valid ASiC-E container (mimetype, manifest, intact zip);
- it holds exactly the PDF this version was given out for signing (by SHA-256);
- every signature's value verifies over its SignedInfo, and every document reference in it has the
  digest of the container's file (pyasice checks the first, this module the second);
- every signer's certificate is issued by a certification authority the agency trusts
  (settings.SIGNATURE_TRUSTED_CA_FILES, e.g. the ESTEID CA certificates).
"""

import base64
import hashlib
import importlib
import importlib.util
import io
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed

# oscrypto 1.3.0 (the newest on PyPI, which pyasice needs) cannot read OpenSSL version strings with a
# two-digit patch number such as "3.0.19" (wbond/oscrypto#78, fixed upstream, not released). Its
# version pattern is corrected when its module is loaded; nothing else of it changes.
_OSCRYPTO_OLD = "'\\\\b(\\\\d\\\\.\\\\d\\\\.\\\\d[a-z]*)\\\\b'"
_OSCRYPTO_NEW = "'\\\\b(\\\\d+\\\\.\\\\d+\\\\.\\\\d+[a-z]*)\\\\b'"


@cache
def _pyasice():
    try:
        return importlib.import_module("pyasice")
    except Exception as exc:  # oscrypto.errors.LibraryNotFoundError
        if "version of libcrypto" not in str(exc):
            raise
    for name in [name for name in sys.modules if name.startswith(("oscrypto", "pyasice"))]:
        del sys.modules[name]
    importlib.import_module("oscrypto._openssl")
    for name in ("oscrypto._openssl._libcrypto_cffi", "oscrypto._openssl._libcrypto_ctypes"):
        spec = importlib.util.find_spec(name)
        module = importlib.util.module_from_spec(spec)
        source = Path(spec.origin).read_text().replace(_OSCRYPTO_OLD, _OSCRYPTO_NEW)
        sys.modules[name] = module
        try:
            exec(compile(source, spec.origin, "exec"), module.__dict__)  # noqa: S102
        except ImportError:  # no cffi: the ctypes variant is used
            del sys.modules[name]
    return importlib.import_module("pyasice")


@dataclass(frozen=True)
class Signer:
    name: str
    id_code: str
    signed_at: str

    def as_dict(self) -> dict:
        return {"name": self.name, "id_code": self.id_code, "signed_at": self.signed_at}


class ContainerRejected(ValidationFailed):
    pass


def _trusted_cas():
    from cryptography import x509

    cas = []
    for path in getattr(settings, "SIGNATURE_TRUSTED_CA_FILES", []):
        data = Path(path).read_bytes()
        cas.extend(
            x509.load_pem_x509_certificates(data)
            if b"-----BEGIN" in data
            else [x509.load_der_x509_certificate(data)]
        )
    return cas


def _signer(certificate, signing_time: str) -> Signer:
    from cryptography.x509.oid import NameOID

    def first(oid) -> str:
        values = certificate.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    name = " ".join(part for part in (first(NameOID.GIVEN_NAME), first(NameOID.SURNAME)) if part)
    serial = first(NameOID.SERIAL_NUMBER)
    id_code = serial.split("-", 1)[1] if serial.startswith(("PNO", "IDC")) and "-" in serial else serial
    return Signer(name=name or first(NameOID.COMMON_NAME), id_code=id_code, signed_at=signing_time or "")


def container_verify(*, data: bytes, expected_sha256: str) -> list[Signer]:
    """The signers of a valid container holding the expected document; ContainerRejected otherwise."""
    from cryptography import x509

    pyasice = _pyasice()
    try:
        container = pyasice.Container(io.BytesIO(data))
        container.verify_container()
        files = {name: content for name, content, _mime in container.iter_data_files()}
    except Exception as exc:  # zipfile, lxml and pyasice errors alike: not a readable container
        raise ContainerRejected(
            _("The file is not a valid .asice/.bdoc container."), field="container"
        ) from exc
    if not any(hashlib.sha256(content).hexdigest() == expected_sha256 for content in files.values()):
        raise ContainerRejected(
            _("The container does not hold this version's PDF; sign the PDF downloaded from this page."),
            field="container",
        )
    trusted = _trusted_cas()
    if not trusted:
        raise ContainerRejected(
            _("No trusted certification authorities are configured (SIGNATURE_TRUSTED_CA_FILES)."),
            field="container",
        )
    signers: list[Signer] = []
    for signature in container.iter_signatures():
        try:
            signature.verify()
        except Exception as exc:
            raise ContainerRejected(
                _("A signature in the container is not valid."), field="container"
            ) from exc
        for node in signature._get_node("ds:SignedInfo").findall("ds:Reference", signature.NAMESPACES):
            uri = node.attrib.get("URI", "")
            if uri.startswith("#"):
                continue  # the signed properties, covered by the signature value
            digest = base64.b64decode(node.find("ds:DigestValue", signature.NAMESPACES).text)
            algorithm = (
                node.find("ds:DigestMethod", signature.NAMESPACES).attrib["Algorithm"].rsplit("#", 1)[-1]
            )
            content = files.get(uri)
            if content is None or hashlib.new(algorithm, content).digest() != digest:
                raise ContainerRejected(
                    _("The container's files were changed after signing (%(file)s).") % {"file": uri},
                    field="container",
                )
        certificate = x509.load_der_x509_certificate(signature.get_certificate_value())
        if not any(_issued_by(certificate, ca) for ca in trusted):
            raise ContainerRejected(
                _("The signer's certificate is not issued by a trusted certification authority."),
                field="container",
            )
        signers.append(_signer(certificate, signature.get_signing_time()))
    if not signers:
        raise ContainerRejected(_("The container has no signatures."), field="container")
    return signers


def _issued_by(certificate, ca) -> bool:
    try:
        certificate.verify_directly_issued_by(ca)
    except Exception:  # wrong issuer name, bad signature or unsupported key: not issued by this CA
        return False
    return True
