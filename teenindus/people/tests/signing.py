"""Test certificates and ASiC-E containers signed with them, built like DigiDoc builds them:
a zip with `mimetype`, the document, META-INF/manifest.xml and META-INF/signatures0.xml holding a
XAdES signature (signxml's XAdESSigner) whose data reference is the document's SHA-256."""

import datetime
import hashlib
import io
import zipfile
from base64 import b64decode, b64encode
from urllib.parse import quote

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import DigestAlgorithm, SignatureConstructionMethod, SignatureMethod
from signxml.xades import XAdESDataObjectFormat, XAdESSigner

NOW = datetime.datetime.now(datetime.UTC)
ASIC_NS = "http://uri.etsi.org/02918/v1.2.1#"
MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
DOCUMENT = "ametijuhend.pdf"


def make_ca(name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "EE")]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(days=1))
        .not_valid_after(NOW + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return cert, key


def signer_certificate(ca_cert, ca_key, given: str, surname: str, id_code: str):
    """A signing certificate like the ID card's: nonRepudiation, the personal code as PNOEE-…."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "EE"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{surname},{given},{id_code}"),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.GIVEN_NAME, given),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"PNOEE-{id_code}"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(days=1))
        .not_valid_after(NOW + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


class _DetachedFileSigner(XAdESSigner):
    """XAdESSigner whose data references point at container files: digest of the raw bytes, no
    transforms (signxml's own detached mode canonicalises XML, which a PDF is not)."""

    def __init__(self, files: dict[str, bytes], **kwargs):
        super().__init__(**kwargs)
        self.files = files
        # Signed inside <asic:XAdESSignatures>: the namespace is in scope when signing, as in DigiDoc.
        self.namespaces["asic"] = ASIC_NS

    def _build_sig(
        self, sig_root, references, c14n_inputs, inclusive_ns_prefixes, exclude_c14n_transform_element=False
    ):
        signed_info = etree.SubElement(sig_root, self._ds_tag("SignedInfo"), nsmap=self.namespaces)
        etree.SubElement(signed_info, self._ds_tag("CanonicalizationMethod"), Algorithm=self.c14n_alg.value)
        etree.SubElement(signed_info, self._ds_tag("SignatureMethod"), Algorithm=self.sign_alg.value)
        for reference in references:
            node = etree.SubElement(signed_info, self._ds_tag("Reference"), URI=reference.URI)
            etree.SubElement(node, self._ds_tag("DigestMethod"), Algorithm=self.digest_alg.value)
            digest = hashlib.sha256(self.files[reference.URI]).digest()
            etree.SubElement(node, self._ds_tag("DigestValue")).text = b64encode(digest).decode()
        return signed_info, etree.SubElement(sig_root, self._ds_tag("SignatureValue"))


def signed_container(document: bytes, ca_cert, ca_key, given, surname, id_code, *, tamper=False) -> bytes:
    cert, key = signer_certificate(ca_cert, ca_key, given, surname, id_code)
    uri = quote(DOCUMENT)
    signer = _DetachedFileSigner(
        {uri: document},
        method=SignatureConstructionMethod.detached,
        signature_algorithm=SignatureMethod.ECDSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        data_object_format=XAdESDataObjectFormat(Description=DOCUMENT, MimeType="application/pdf"),
    )
    signature = signer.sign(etree.Element("placeholder"), key=key, cert=[cert], reference_uri=[uri])
    if tamper:
        node = signature.find("{http://www.w3.org/2000/09/xmldsig#}SignatureValue")
        raw = bytearray(b64decode(node.text))
        raw[0] ^= 1
        node.text = b64encode(bytes(raw)).decode()
    root = etree.Element(f"{{{ASIC_NS}}}XAdESSignatures", nsmap={"asic": ASIC_NS})
    root.append(signature)
    manifest = etree.Element(f"{{{MANIFEST_NS}}}manifest", nsmap={"manifest": MANIFEST_NS})
    for path, media in (("/", "application/vnd.etsi.asic-e+zip"), (DOCUMENT, "application/pdf")):
        etree.SubElement(
            manifest,
            f"{{{MANIFEST_NS}}}file-entry",
            {f"{{{MANIFEST_NS}}}full-path": path, f"{{{MANIFEST_NS}}}media-type": media},
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.etsi.asic-e+zip")  # stored, first
        archive.writestr(DOCUMENT, document, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml", etree.tostring(manifest, xml_declaration=True, encoding="UTF-8")
        )
        archive.writestr(
            "META-INF/signatures0.xml", etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        )
    return out.getvalue()
