"""Amounts of money as Vietnamese documents write them: in figures ("960.000.000") and in words
("Chín trăm sáu mươi triệu đồng"), from integer VND only (a float is refused: an amount never
passes through one)."""

from decimal import Decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")  # then "tỷ", and the groups repeat above it


def as_vnd(amount):
    """`amount` as an int of VND: an int, a string of digits (dots, commas and spaces between
    thousands allowed) or an integral Decimal. Floats and fractional amounts raise ValueError."""
    if isinstance(amount, bool) or isinstance(amount, float):
        raise ValueError("Số tiền phải là số nguyên đồng (không dùng số thực).")
    if isinstance(amount, int):
        value = amount
    elif isinstance(amount, Decimal):
        if amount != amount.to_integral_value():
            raise ValueError("Số tiền phải là số nguyên đồng.")
        value = int(amount)
    elif isinstance(amount, str):
        digits = amount.strip().replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "").removesuffix("₫")
        if not digits.isdigit():
            raise ValueError("Số tiền phải là số nguyên đồng.")
        value = int(digits)
    else:
        raise ValueError("Số tiền phải là số nguyên đồng.")
    if value < 0:
        raise ValueError("Số tiền không được âm.")
    return value


def _triple(n, *, full):
    """Words for 0 < n < 1000. `full`: the group follows a higher one, so its hundreds are said even
    when zero ("không trăm") and a lone unit takes "linh" ("một nghìn không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 5 and tens:
            words.append("lăm")
        elif units == 1 and tens > 1:
            words.append("mốt")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(n, *, full):
    """Words for 0 < n < 10⁹, by groups of three digits (nghìn, triệu)."""
    groups = [n // 10**6, n // 10**3 % 1000, n % 1000]
    words, said = [], full
    for value, name in zip(groups, reversed(GROUPS), strict=True):
        if value:
            words += _triple(value, full=said)
            if name:
                words.append(name)
            said = True
    return words


def _words(n, *, full=False):
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        words = _words(high, full=full) + ["tỷ"]
        return words + (_words(low, full=True) if low else [])
    return _below_billion(n, full=full)


def vnd_in_words(amount):
    """"Chín trăm sáu mươi triệu đồng" for 960000000; "Không đồng" for 0."""
    value = as_vnd(amount)
    if value == 0:
        return "Không đồng"
    text = " ".join(_words(value)) + " đồng"
    return text[0].upper() + text[1:]


def vnd_figures(amount):
    """"960.000.000" (no currency sign, as a table column under "Số tiền (đồng)")."""
    return f"{as_vnd(amount):,}".replace(",", ".")
