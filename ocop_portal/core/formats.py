"""How the portal writes money: integer VND with dots between thousands, "30.000.000 ₫"."""


def format_vnd(amount):
    return f"{int(amount):,} ₫".replace(",", ".")
