"""Check the system libraries the portal needs and say exactly what to install.

Run by `make run` and `make test` before anything else: `python -m ocop_portal.syscheck [--browser]`.
Does not import Django settings; exits 1 with an apt-get line when something is missing.
"""

import ctypes.util
import os
import shutil
import subprocess
import sys
import warnings

APT = "sudo apt-get install -y --no-install-recommends"


def problems(browser=False):
    found = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import weasyprint  # noqa: F401  (dlopens Pango, HarfBuzz, fontconfig)
    except OSError as exc:
        found.append((f"WeasyPrint không nạp được thư viện hệ thống (Pango): {exc}",
                      f"{APT} libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig"))
    if not ctypes.util.find_library("harfbuzz-subset"):
        found.append(("Thiếu libharfbuzz-subset0: WeasyPrint chạy chậm hơn khoảng 9 lần.", f"{APT} libharfbuzz-subset0"))
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=vi", "family"], capture_output=True, text=True, check=False).stdout if fc_list else ""
    if not fonts.strip():
        found.append(("Không có phông chữ hỗ trợ tiếng Việt cho PDF.", f"{APT} fontconfig fonts-dejavu-core"))
    if browser:
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        if not os.path.exists(chromium):
            found.append((f"Không thấy Chromium ở {chromium} (cần cho kiểm thử trình duyệt).", f"{APT} chromium"))
    return found


def main(argv):
    found = problems(browser="--browser" in argv)
    hard = [p for p in found if "chậm" not in p[0]]
    for message, fix in found:
        print(f"{'LỖI' if (message, fix) in hard else 'CẢNH BÁO'}: {message}\n    Cài đặt: {fix}", file=sys.stderr)
    return 1 if hard else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
