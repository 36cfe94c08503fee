FROM python:3.11-slim-bookworm

# Pango and HarfBuzz's subsetter for WeasyPrint; Noto CJK so Chinese PDFs have glyphs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && DJANGO_SECRET_KEY=build-only python manage.py build_report_fonts

RUN useradd --create-home ledger && mkdir -p /app/media && chown ledger /app/media
USER ledger
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
