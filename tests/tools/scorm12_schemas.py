"""Puts the SCORM 1.2 schemas (IMS Content Packaging 1.1.2, ADL CP 1.2, IMS Metadata
1.2.1 and xml.xsd) in a folder for the tests to validate imsmanifest.xml against.

Debian packages none of them, so they come from PyPI: the plct-bulder-for-sphinx
wheel ships ADL's files. Only the wheel is fetched (`--no-deps`, never
installed), its SHA-256 is checked, and the four files are taken out of it.

    python3 tests/tools/scorm12_schemas.py DIR
"""

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "plct-bulder-for-sphinx==0.0.5"
WHEEL_SHA256 = "3977aecfc1aeee2179f688f1638be81efb263025b143ad30caf50d8703626925"
FILES = ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"]
INSIDE = "plct_bulder_for_sphinx/scorm-templates/"


def ensure(target: Path) -> Path:
    if all((target / name).is_file() for name in FILES):
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "-d", tmp, WHEEL], check=True)
        [wheel] = Path(tmp).glob("*.whl")
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:
            sys.exit(f"error: {wheel.name} has SHA-256 {digest}, expected {WHEEL_SHA256}")
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as z:
            for name in FILES:
                data = z.read(INSIDE + name)
                if name == "ims_xml.xsd":
                    # IMS binds the xml namespace as the default one, which Namespaces in XML
                    # forbids; libxml2 says so on every run and drops the binding. Nothing in
                    # the file refers to it unprefixed, so leaving it out changes no rule.
                    data = data.replace(b'xmlns="http://www.w3.org/XML/1998/namespace"', b"")
                (target / name).write_bytes(data)
    return target


def driver(schemas: Path, into: Path) -> Path:
    """A schema that imports the three SCORM 1.2 namespaces, so one xmllint call
    checks the manifest's own elements and its adlcp: and imsmd: extensions."""
    imports = [("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
               ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
               ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd")]
    lines = "\n".join(f'  <xsd:import namespace="{ns}" schemaLocation="{(schemas / f).resolve().as_uri()}"/>'
                      for ns, f in imports)
    path = into / "scorm12-driver.xsd"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:szpon:driver">\n'
                    f"{lines}\n</xsd:schema>\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(ensure(Path(sys.argv[1] if len(sys.argv) > 1 else ".build/scorm12-xsd")))
