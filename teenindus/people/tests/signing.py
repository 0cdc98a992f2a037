"""Test certificates and ASiC-E containers signed with them, built with pyasice like DigiDoc would."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from teenindus.people.asice import _pyasice

NOW = datetime.datetime.now(datetime.UTC)


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
        .sign(key, hashes.SHA256())
    )
    return cert, key


def signer_certificate(ca_cert, ca_key, given: str, surname: str, id_code: str):
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
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def signed_container(document: bytes, ca_cert, ca_key, given, surname, id_code, *, tamper=False) -> bytes:
    pyasice = _pyasice()
    cert, key = signer_certificate(ca_cert, ca_key, given, surname, id_code)
    container = pyasice.Container()
    container.add_file("ametijuhend.pdf", document, "application/pdf")
    signature = container.prepare_signature(cert.public_bytes(Encoding.DER))
    value = key.sign(signature.signed_data(), ec.ECDSA(hashes.SHA256()))
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    r, s = decode_dss_signature(value)  # XML signatures carry ECDSA as raw r||s
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    if tamper:
        raw = bytes([raw[0] ^ 1]) + raw[1:]
    signature.set_signature_value(raw)
    container.add_signature(signature)
    return container.finalize().getvalue()
