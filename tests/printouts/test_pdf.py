"""The PDF of the printed report: an A4 document whose text is the page's, Vietnamese
diacritics and number formats intact; a 503 with advice where WeasyPrint cannot load."""

import io
import sys
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


def pdf_url(ward, period) -> str:
    return reverse("printouts:ward_report_pdf", args=[ward.pk]) + f"?period={period.pk}"


@pytest.fixture
def pdf(client_for, mao_khe):
    response = client_for(mao_khe.quan).get(pdf_url(mao_khe.ward, mao_khe.period))
    assert response.status_code == 200
    return response


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_served_inline_with_the_wards_code_and_year(pdf, mao_khe):
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="07069-2024-bao-cao.pdf"'
    assert pdf.content.startswith(b"%PDF-")


def test_every_page_is_a4(pdf):
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=0.5)


def test_the_pdf_text_has_the_vietnamese_names_and_number_formats(pdf):
    text = unicodedata.normalize("NFC", text_of(pdf))
    assert "Phường Mạo Khê" in text
    assert "Chi bộ Khu phố Vĩnh Phú" in text
    assert "Quyết định 1234/QĐ-UBND" in text
    assert "1.234" in text  # the members' total
    assert "45,1%" in text  # women's share
    assert "31/12/2024" in text


def test_each_page_is_numbered_in_the_margin(pdf):
    reader = PdfReader(io.BytesIO(pdf.content))
    with translation.override("vi"):
        word = translation.gettext("Page")  # "Trang"
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"{word} {number}/{count}" in page.extract_text()


def test_the_pdf_follows_the_chosen_language(client_for, mao_khe):
    client = client_for(mao_khe.quan)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = text_of(client.get(pdf_url(mao_khe.ward, mao_khe.period)))
    assert "1,234" in text
    assert "45.1%" in text
    assert "Page 1/" in text


def test_without_weasyprint_the_pdf_answers_503_with_the_print_advice(
    client_for, mao_khe, monkeypatch
):
    # As on a server whose WeasyPrint cannot load Pango: the import fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = client_for(mao_khe.quan).get(pdf_url(mao_khe.ward, mao_khe.period))
    assert response.status_code == 503
    page = response.content.decode()
    with translation.override("vi"):
        advice = translation.gettext(
            "The PDF cannot be made on this server. Use your browser's Print, then “Save as PDF”."
        )
    assert advice in page
    assert "Phường Mạo Khê" in page  # the printable page itself, ready for the browser's Print
