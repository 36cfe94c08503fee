"""Uploaded files: what is kept of a photo, how much memory reading one may take, and how
a PDF is served."""

import os
import re
import subprocess
import sys
from html import unescape
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from attachments.models import Attachment
from attachments.uploads import LONGEST_SIDE

# A PDF that runs JavaScript as it opens (/OpenAction): in a browser's PDF viewer, in the
# page's origin, it would read what the user may read.
PDF_WITH_SCRIPT = (
    b"%PDF-1.7\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"3 0 obj <</S /JavaScript /JS (app.alert(document.cookie))>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
SECRET = b"SecretCam-7731"
# Gunicorn's workers rest at 128 MB (README, Headquarters scale) and are promised 250 MB.
WORKER_HEADROOM_MB = 120


def _upload(client, world, name, content):
    """Add a file to the world's meeting through its form, as its secretary."""
    url = reverse("activities:meeting_edit", args=[world.meeting.pk])
    members = client.get(url).context["sheet"].members
    data = {"held_on": "2024-03-05", "starts_at": "09:00", "topic": "学习传达会议精神"}
    for member in members:
        data[f"attendance-status_{member.pk}"] = "present"
    world.meeting.refresh_from_db()
    data["version"] = world.meeting.version
    data["uploads"] = SimpleUploadedFile(name, content)
    return client.post(url, data)


def test_a_pdf_is_downloaded_never_opened_in_the_page(login, world):
    client = login(world.users["secretary"])
    assert _upload(client, world, "会议纪要", PDF_WITH_SCRIPT).status_code == 302
    pdf = Attachment.objects.of(world.meeting).get(original_name="会议纪要")
    client = login(world.users["member"])
    for query in ("", "?inline=1"):
        response = client.get(pdf.get_absolute_url() + query)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        # Saved with the extension its content has, whatever the uploader named it.
        assert unquote(response["Content-Disposition"]).endswith(f"会议纪要-{pdf.pk}.pdf")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox"
        assert b"".join(response.streaming_content) == PDF_WITH_SCRIPT
    # A photo, re-encoded here and nothing but pixels, is shown in the page.
    response = client.get(world.photo.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def _jpeg_markers(data):
    """The markers of a JPEG's segments up to its first scan."""
    markers, position = [], 2
    while data[position + 1] != 0xDA:
        markers.append(data[position + 1])
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return markers


def _png_chunks(data):
    chunks, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunks.append(data[position + 4 : position + 8].decode())
        position += 12 + length
    return chunks


def _webp_chunks(data):
    chunks, position = [], 12
    while position < len(data):
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        chunks.append(data[position : position + 4].decode())
        position += 8 + length + length % 2
    return chunks


def _srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _photo_with_everything(format):
    """A photo carrying a comment, EXIF, XMP, a colour profile and (PNG) text chunks."""
    image = Image.new("RGB", (64, 48), (200, 30, 40))
    exif = Image.Exif()
    exif[0x010F] = SECRET.decode()  # camera make
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SECRET + b"</x:xmpmeta>"
    options = {"exif": exif, "xmp": xmp, "icc_profile": _srgb_profile()}
    if format == "JPEG":
        options["comment"] = SECRET
    if format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SECRET.decode())
        text.add_text("Author", SECRET.decode(), zip=True)
        text.add_itxt("Description", SECRET.decode(), lang="zh")
        options["pnginfo"] = text
    buffer = BytesIO()
    image.save(buffer, format, **options)
    assert SECRET in buffer.getvalue() or format == "WEBP"
    return buffer.getvalue()


PIXELS_ONLY = {
    # Start of image, JFIF header, quantization and Huffman tables, frame.
    "JPEG": (_jpeg_markers, {0xD8, 0xE0, 0xDB, 0xC4, 0xC0, 0xC2}),
    "PNG": (_png_chunks, {"IHDR", "IDAT", "IEND"}),
    "WEBP": (_webp_chunks, {"VP8 ", "VP8L", "VP8X", "ALPH"}),
}


def test_a_photo_keeps_nothing_but_its_pixels(login, world):
    client = login(world.users["secretary"])
    for format, (structure, allowed) in PIXELS_ONLY.items():
        name = f"p.{format.lower()}"
        _upload(client, world, name, _photo_with_everything(format))
        data = Attachment.objects.of(world.meeting).get(original_name=name).file.read()
        assert set(structure(data)) <= allowed, format
        assert SECRET not in data, format
        with Image.open(BytesIO(data)) as image:
            assert "icc_profile" not in image.info
            # Its colours are where they were (an sRGB profile, converted to sRGB).
            red, green, blue = image.convert("RGB").getpixel((32, 24))
            assert abs(red - 200) + abs(green - 30) + abs(blue - 40) < 12, format
    # An unreadable colour profile is ignored: the pixels are taken as sRGB.
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "blue").save(buffer, "JPEG", icc_profile=b"not a profile")
    assert _upload(client, world, "bad-profile.jpg", buffer.getvalue()).status_code == 302
    stored = Attachment.objects.of(world.meeting).get(original_name="bad-profile.jpg")
    assert b"not a profile" not in stored.file.read()


# Run in a process of its own: the peak memory (the most resident) of reading one upload,
# above what the process held just before. (Not getrusage's ru_maxrss, which a process
# inherits from the one it was started by.)
MEASURE = """
import os, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from attachments.uploads import clean_upload

def memory(name):
    # VmRSS: resident now; VmHWM: the most resident since the process started, in kB.
    lines = open("/proc/self/status").read().splitlines()
    return next(int(line.split()[1]) for line in lines if line.startswith(name + ":")) * 1024

upload = SimpleUploadedFile("photo", open(sys.argv[1], "rb").read())
resting = memory("VmRSS")
try:
    outcome = "accepted: %d bytes" % clean_upload(upload).content.size
except ValidationError as error:
    outcome = error.messages[0]
print((memory("VmHWM") - resting) // 2**20, outcome, sep="\\t")
"""


def _measured(path):
    """(MB the reading took at its peak, what came of it)."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    megabytes, outcome = result.stdout.strip().splitlines()[-1].split("\t")
    return int(megabytes), outcome


def _photo(size):
    """Something like a photo: noise over a gradient, which JPEG cannot squeeze to nothing."""
    noise = Image.effect_noise((size[0] // 8, size[1] // 8), 60).resize(size)
    gradient = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


HUGE = {
    # A few kB each, and hundreds of MB once decoded.
    "rgba.png": lambda path: Image.new("RGBA", (7000, 7000), (9, 9, 9, 9)).save(path),
    "rgb.webp": lambda path: Image.new("RGB", (7000, 7000), "gray").save(path, quality=50),
    # Progressive: decoded at half its size, but its coefficients are held whole.
    "progressive.jpg": lambda path: Image.new("RGB", (7000, 7000), "gray").save(
        path, quality=50, progressive=True
    ),
}


@pytest.mark.parametrize("name", HUGE)
def test_a_huge_image_is_refused_before_it_is_decoded(tmp_path, name):
    path = tmp_path / name
    HUGE[name](path)
    assert path.stat().st_size < 1_000_000
    megabytes, outcome = _measured(path)
    assert "7000×7000" in outcome and outcome != "accepted"
    assert megabytes < 20, f"{name}: {megabytes} MB"


LARGE = {
    # A 12-megapixel phone photo, as phones save it and as the web does.
    "phone.jpg": lambda path: _photo((4000, 3000)).save(path, quality=92),
    "phone-progressive.jpg": lambda path: _photo((4000, 3000)).save(
        path, quality=92, progressive=True
    ),
    # A 24-megapixel camera's photo: decoded at half its size.
    "camera.jpg": lambda path: _photo((6000, 4000)).save(path, quality=80, subsampling=1),
    # The largest of each kind that is accepted.
    "screen.png": lambda path: Image.new("RGB", (4096, 3072), "gray").save(path),
    "transparent.png": lambda path: Image.new("RGBA", (2560, 2560), (9, 9, 9, 9)).save(path),
    "grey.png": lambda path: Image.new("L", (7000, 7000), 9).save(path),
    "transparent.webp": lambda path: Image.new("RGBA", (2200, 2200), (9, 9, 9, 9)).save(path),
}


@pytest.mark.parametrize("name", LARGE)
def test_a_large_photo_is_accepted_within_a_workers_memory(tmp_path, name):
    path = tmp_path / name
    LARGE[name](path)
    assert path.stat().st_size < settings.ATTACHMENT_MAX_BYTES
    megabytes, outcome = _measured(path)
    assert outcome.startswith("accepted"), outcome
    assert megabytes <= WORKER_HEADROOM_MB, f"{name}: {megabytes} MB"


def test_a_large_photo_is_shrunk_and_a_huge_one_refused_with_a_message(login, world, tmp_path):
    client = login(world.users["secretary"])
    buffer = BytesIO()
    _photo((4000, 3000)).save(buffer, "JPEG", quality=85)
    assert _upload(client, world, "phone.jpg", buffer.getvalue()).status_code == 302
    stored = Attachment.objects.of(world.meeting).get(original_name="phone.jpg")
    with Image.open(stored.file) as image:
        assert image.size == (LONGEST_SIDE, 1920)

    buffer = BytesIO()
    Image.new("RGB", (9000, 9000), "gray").save(buffer, "PNG")
    response = _upload(client, world, "huge.png", buffer.getvalue())
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"“huge\.png”.{0,40}9000×9000", page), "the message names the file and size"
    assert not Attachment.objects.filter(original_name="huge.png").exists()
    # Larger still, Pillow refuses to open it: refused all the same, with the same message.
    buffer = BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    page = unescape(_upload(client, world, "huger.png", buffer.getvalue()).content.decode())
    assert re.search(r"“huger\.png”.{0,40}> 178,956,970", page)


def test_text_chunks_cannot_fill_a_workers_memory(login, world):
    """PNG text is decompressed as the file is opened: 64 chunks of 1 MB in a few kB."""
    text = PngImagePlugin.PngInfo()
    for number in range(70):
        text.add_text(f"k{number}", "A" * 1_000_000, zip=True)
    buffer = BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "PNG", pnginfo=text)
    client = login(world.users["secretary"])
    response = _upload(client, world, "text.png", buffer.getvalue())
    assert response.status_code == 200 and "“text.png”" in response.content.decode()
    assert not Attachment.objects.filter(original_name="text.png").exists()
