"""What an uploaded file is, decided by its content, never by its name.

Only photos (JPEG, PNG, WebP) and PDF documents are accepted. Photos are re-encoded,
which drops their metadata (GPS position, camera serial) and shrinks phone pictures to
a size a page and a report can use.
"""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf"}
LONGEST_SIDE = 2560
# A small file can hold a huge image; decoding it would take gigabytes of memory.
MAX_PIXELS = 50_000_000


@dataclass
class CleanUpload:
    content: ContentFile
    mime_type: str
    original_name: str


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
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("“%(name)s” is not a readable photo.") % {"name": name}) from None


def _reencode(data, mime_type):
    with Image.open(BytesIO(data)) as image:
        image.verify()
    with Image.open(BytesIO(data)) as image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise Image.DecompressionBombError(f"{width}×{height} pixels")
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        image = ImageOps.exif_transpose(image)
        out = BytesIO()
        if mime_type == JPEG:
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        elif mime_type == PNG:
            image.save(out, "PNG", optimize=True)
        else:
            image.save(out, "WEBP", quality=85)
        return out.getvalue()
