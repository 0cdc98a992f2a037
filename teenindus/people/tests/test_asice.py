"""The .asice/.bdoc verifier itself (people/asice.py): the container's shape, what the signatures
cover, and whose certificates are trusted when the site configures none."""

import hashlib
import io
import zipfile

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.utils import translation

from teenindus.people import asice
from teenindus.people.tests.signing import make_ca, signed_container

PDF = b"%PDF-1.7 the version handed out"
SHA = hashlib.sha256(PDF).hexdigest()


@pytest.fixture
def ca(settings, tmp_path):
    cert, key = make_ca("Test ESTEID CA")
    path = tmp_path / "ca.pem"
    path.write_bytes(cert.public_bytes(Encoding.PEM))
    settings.SIGNATURE_TRUSTED_CA_FILES = [str(path)]
    return cert, key


def _rezip(data: bytes, *, replace: dict | None = None, drop: tuple = (), add: dict | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _rejected(data: bytes, expected_sha: str = SHA) -> str:
    with translation.override("en"), pytest.raises(asice.ContainerRejected) as caught:
        asice.container_verify(data=data, expected_sha256=expected_sha)
    return caught.value.message


def test_a_valid_container_names_its_signer(ca):
    signers = asice.container_verify(
        data=signed_container(PDF, *ca, "MARI", "MAASIKAS", "47101010033"), expected_sha256=SHA
    )
    assert [(s.name, s.id_code) for s in signers] == [("MARI MAASIKAS", "47101010033")]
    assert signers[0].signed_at


def test_a_document_swapped_after_signing_is_refused_by_its_digest(ca):
    good = signed_container(PDF, *ca, "MARI", "MAASIKAS", "47101010033")
    other = b"%PDF-1.7 something else"
    swapped = _rezip(good, replace={"ametijuhend.pdf": other})
    assert "changed after signing (ametijuhend.pdf)" in _rejected(swapped, hashlib.sha256(other).hexdigest())


def test_a_file_no_signature_covers_is_refused(ca):
    good = signed_container(PDF, *ca, "MARI", "MAASIKAS", "47101010033")
    manifest = (
        zipfile.ZipFile(io.BytesIO(good))
        .read("META-INF/manifest.xml")
        .replace(
            b"</manifest:manifest>",
            b'<manifest:file-entry manifest:full-path="lisa.txt" manifest:media-type="text/plain"/>'
            b"</manifest:manifest>",
        )
    )
    extra = _rezip(good, replace={"META-INF/manifest.xml": manifest}, add={"lisa.txt": b"unsigned"})
    assert "changed after signing (lisa.txt)" in _rejected(extra)


@pytest.mark.parametrize(
    "change",
    [
        {"drop": ("mimetype",)},
        {"replace": {"mimetype": b"application/zip"}},
        {"drop": ("META-INF/manifest.xml",)},
        {"drop": ("META-INF/signatures0.xml",)},
        {"replace": {"META-INF/signatures0.xml": b"<not xml"}},
        {"replace": {"META-INF/manifest.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}},
    ],
)
def test_a_zip_that_is_not_an_asic_e_container_is_refused(ca, change):
    good = signed_container(PDF, *ca, "MARI", "MAASIKAS", "47101010033")
    assert "not a valid .asice" in _rejected(_rezip(good, **change))


def test_without_configured_cas_the_estonian_e_identity_cas_are_trusted(settings):
    settings.SIGNATURE_TRUSTED_CA_FILES = []
    names = {ca.subject.rfc4514_string() for ca in asice.trusted_cas()}
    assert any("CN=ESTEID2018" in n for n in names), names  # ID card
    assert any("EID-Q 2024" in n for n in names), names  # Smart-ID
    assert not any("TEST of" in n or "TIMESTAMPING" in n for n in names), names
    # The tests' own CA is not among them: its containers are refused.
    cert, key = make_ca("Test ESTEID CA")
    message = _rejected(signed_container(PDF, cert, key, "MARI", "MAASIKAS", "47101010033"))
    assert "not issued by a trusted" in message
