"""The address phones use to reach this machine, and the QR code that carries it."""

from __future__ import annotations

import base64
import ipaddress

import ifaddr
import qrcode
import qrcode.image.svg

from dialoog.config import get_settings


def lan_address() -> str:
    """This machine's first private IPv4 address (what phones on the same Wi-Fi can reach)."""
    candidates = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                addr = ipaddress.ip_address(ip.ip)
                if addr.is_private and not addr.is_loopback and not addr.is_link_local:
                    candidates.append(ip.ip)
    return candidates[0] if candidates else "127.0.0.1"


def public_base_url() -> str:
    settings = get_settings()
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return f"http://{lan_address()}:{settings.port}"


def join_url(code: str) -> str:
    return f"{public_base_url()}/j/{code}"


def qr_data_uri(text: str) -> str:
    """An SVG QR code (no Pillow) as a data URI for an <img>: dark on white, medium error correction."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        border=2,
    )
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
