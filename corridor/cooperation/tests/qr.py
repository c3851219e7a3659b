"""Reading back a certificate's QR code in tests: the image's modules, compared with the QR code
that the qrcode package makes of a given address. No QR decoder is installed here; a module
matrix equal to the one made of the address means the image encodes that address (the encoding
is deterministic for the same data and settings)."""

from __future__ import annotations

import io

from PIL import Image

from corridor.cooperation.certificates import qr_code


def modules(image: Image.Image) -> list[list[bool]]:
    """The dark/light modules of a QR image made with certificates.qr_code (border included),
    read at each module's centre, whatever the image's scale."""
    grey = image.convert("L")
    width, _height = grey.size
    # The side holds 4 * version + 17 modules and a border of 4 on each side.
    for version in range(1, 41):
        count = 4 * version + 17 + 8
        if width % count == 0:
            box = width // count
            return [[grey.getpixel((x * box + box // 2, y * box + box // 2)) < 128
                     for x in range(count)] for y in range(count)]
    raise ValueError(f"not a QR image of this project's settings ({width} px)")


def encodes(image_bytes: bytes, url: str) -> bool:
    image = Image.open(io.BytesIO(image_bytes))
    return modules(image) == qr_code(url).get_matrix()


def pdf_images(pdf: bytes) -> list[bytes]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        for image in page.images:
            out = io.BytesIO()
            image.image.save(out, format="PNG")
            found.append(out.getvalue())
    return found
