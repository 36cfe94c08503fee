"""What an uploaded file is, decided by its content, never by its name.

Only photos (JPEG, PNG, WebP) and PDF documents are accepted. Photos are re-encoded from
their pixels alone, which drops everything else a file carries (EXIF with the GPS position
and the camera's serial, comments, XMP, text chunks, colour profiles), and shrunk to a
size a page and a report can use.
"""

from contextlib import suppress
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, PngImagePlugin, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf"}
LONGEST_SIDE = 2560
# A small file can hold a huge image (a 7000 × 7000 PNG of a few kB), and decoding it would
# take a worker far beyond the 250 MB it has (128 MB at rest). So before a pixel is decoded,
# the image is refused if it has more pixels than MAX_PIXELS or if decoding and shrinking it
# would take more memory than MAX_DECODING_BYTES (see _decoding_bytes), which a 12-megapixel
# phone photo (4000 × 3000) needs.
MAX_PIXELS = 50_000_000
MAX_DECODING_BYTES = 100 * 2**20
# Pillow keeps up to 64 MB of a PNG's text chunks, which are thrown away here anyway.
PngImagePlugin.MAX_TEXT_MEMORY = 4 * 2**20
SRGB = ImageCms.createProfile("sRGB")


class TooLarge(Exception):
    """An image whose decoding would take more memory than a worker can give."""


@dataclass
class CleanUpload:
    content: ContentFile
    mime_type: str
    original_name: str
    # The StagedUpload it was kept as after a refused form, if it was (attachments.models).
    staged: object = None


def sniff(head):
    """The MIME type of the first bytes of a file, if it is one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def clean_upload(uploaded):
    name = uploaded.name
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            }
        )
    uploaded.seek(0)
    data = uploaded.read()
    mime_type = sniff(data[:16])
    if mime_type is None:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF document.") % {"name": name}
        )
    if mime_type == PDF:
        return CleanUpload(ContentFile(data), PDF, name)
    try:
        return CleanUpload(ContentFile(_reencode(data, mime_type)), mime_type, name)
    except TooLarge as size:
        raise ValidationError(
            _(
                "“%(name)s” is too large an image (%(size)s pixels) to be read here. Save it "
                "smaller, for example as a JPEG of 4000 × 3000 pixels or less, and choose it "
                "again."
            )
            % {"name": name, "size": size}
        ) from None
    # Pillow's ways of saying a file is not an image it can read.
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("“%(name)s” is not a readable photo.") % {"name": name}) from None


def _reencode(data, mime_type):
    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
    except Image.DecompressionBombError:
        # Pillow's own limit, twice Image.MAX_IMAGE_PIXELS, which it checks on opening.
        raise TooLarge(f"> {2 * Image.MAX_IMAGE_PIXELS:,}") from None
    image, icc_profile = _shrunk(data, "RGB" if mime_type == JPEG else None)
    # Encoders copy what an image carries besides its pixels (a JPEG's comment, a PNG's
    # colour profile, text): what is saved is a new image with nothing but the pixels.
    pixels = Image.new(image.mode, image.size)
    pixels.paste(_in_srgb(image, icc_profile))
    out = BytesIO()
    if mime_type == JPEG:
        pixels.save(out, "JPEG", quality=85, optimize=True)
    elif mime_type == PNG:
        pixels.save(out, "PNG", optimize=True)
    else:
        pixels.save(out, "WEBP", quality=85)
    return out.getvalue()


def _shrunk(data, mode=None):
    """The image shrunk and turned upright, in `mode` (RGB, or RGBA if it has transparency),
    and its colour profile. The decoder's memory is given back when this returns."""
    with Image.open(BytesIO(data)) as image:
        width, height = image.size
        coefficients = _buffered_coefficients(image, data)
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size, as long as that is still
        # at least the size it is shrunk to; the other formats are decoded whole.
        image.draft(None, _fitted(image.size))
        if width * height > MAX_PIXELS or _decoding_bytes(image, coefficients) > MAX_DECODING_BYTES:
            raise TooLarge(f"{width}×{height}")
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        ImageOps.exif_transpose(image, in_place=True)
        mode = mode or ("RGBA" if image.has_transparency_data else "RGB")
        return image.convert(mode), image.info.get("icc_profile")


def _fitted(size):
    """The size an image of `size` is shrunk to: at most LONGEST_SIDE on its longer side."""
    width, height = size
    scale = min(1, LONGEST_SIDE / max(width, height))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _decoding_bytes(image, coefficients):
    """The most memory re-encoding `image` takes at once, as measured in
    tests/test_uploads.py, before any of it is decoded.

    Pillow keeps a pixel in one byte in the modes 1, L and P and in four in the others
    (RGB is padded to four). Decoding a JPEG in several scans holds its DCT coefficients
    besides the pixels. Shrinking takes twice the pixels (the half-shrunk image between
    the two passes of resampling), four times with transparency (copies with the colours
    premultiplied); WebP five times, for libwebp decodes into a canvas of its own, copied
    on the way to Pillow, and its encoder takes about as much.
    """
    pixels = image.width * image.height * (1 if image.mode in ("1", "L", "P") else 4)
    factor = 5 if image.format == "WEBP" else 4 if image.has_transparency_data else 2
    return max(pixels + coefficients, pixels * factor)


def _buffered_coefficients(image, data):
    """The bytes libjpeg holds for a JPEG decoded in several scans (progressive, or its
    colours sent one after the other): two for each DCT coefficient of the whole image,
    however small it is decoded. A JPEG in one scan is decoded a few rows at a time."""
    if image.format != "JPEG":
        return 0
    if not image.info.get("progressive") and _first_scan_components(data) == image.layers:
        return 0
    most_h = max(h for _id, h, _v, _table in image.layer)
    most_v = max(v for _id, _h, v, _table in image.layer)
    samples = sum(h * v for _id, h, v, _table in image.layer) / (most_h * most_v)
    return int(image.width * image.height * samples * 2)


def _first_scan_components(data):
    """How many colour components the first scan of a JPEG carries, read from its SOS
    segment; the segments before it start with their length and are stepped over."""
    position = 2  # after the SOI marker
    while position + 4 < len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # a fill byte
            position += 1
        elif marker == 0xDA:
            return data[position + 4]
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return 0


def _in_srgb(image, icc_profile):
    """The image in sRGB, which browsers and the report assume of an image without a colour
    profile. The profile is not dropped blindly: a phone photo in Display P3 would lose
    its colours. An unreadable profile is ignored, the pixels taken as sRGB."""
    if icc_profile:
        with suppress(ImageCms.PyCMSError, OSError):
            profile = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
            return ImageCms.profileToProfile(image, profile, SRGB, outputMode=image.mode)
    return image
