"""Administrative units of Bắc Ninh for the demo, before and after the 01/07/2025 reform.

Codes are the official GSO codes (Danh mục hành chính Việt Nam): province 27 and its eight
district-level units until 30/06/2025; since 01/07/2025 the merged province Bắc Ninh carries
code 24 (Bắc Giang's) and has no districts. Commune codes before the reform are those the merged
communes kept: a new commune took the code of the predecessor whose name it kept, so e.g. "Xã
Phù Lãng" is 09292 on both maps. Only the communes the demo needs are listed, not all ~120.
"""

import datetime

REFORM_DAY = datetime.date(2025, 7, 1)
OLD_UNTIL = datetime.date(2025, 6, 30)

# (code, name, [(commune code, commune name), ...]) — province 27 until 30/06/2025
OLD_PROVINCE = ("27", "Tỉnh Bắc Ninh")
OLD_DISTRICTS = [
    ("256", "Thành phố Bắc Ninh", [("09169", "Phường Vũ Ninh"), ("09187", "Phường Kinh Bắc"), ("09190", "Phường Võ Cường"),
                                  ("09286", "Phường Nam Sơn"), ("09325", "Phường Hạp Lĩnh")]),
    ("258", "Huyện Yên Phong", [("09202", "Xã Tam Giang"), ("09205", "Xã Yên Trung"), ("09208", "Xã Tam Đa"), ("09238", "Xã Văn Môn")]),
    ("259", "Huyện Quế Võ", [("09292", "Xã Phù Lãng"), ("09313", "Xã Chi Lăng"), ("09295", "Xã Bồng Lai")]),
    ("260", "Huyện Tiên Du", [("09334", "Xã Liên Bão"), ("09340", "Xã Đại Đồng"), ("09343", "Xã Tân Chi"), ("09349", "Xã Phật Tích")]),
    ("261", "Thị xã Từ Sơn", [("09370", "Phường Tam Sơn"), ("09379", "Phường Phù Khê"), ("09385", "Phường Đồng Nguyên")]),
    ("262", "Huyện Thuận Thành", [("09427", "Xã Trí Quả"), ("09433", "Xã Song Liễu"), ("09445", "Xã Ninh Xá")]),
    ("263", "Huyện Gia Bình", [("09466", "Xã Cao Đức"), ("09469", "Xã Đại Lai"), ("09475", "Xã Nhân Thắng"), ("09487", "Xã Đông Cứu")]),
    ("264", "Huyện Lương Tài", [("09499", "Xã Trung Kênh"), ("09523", "Xã Trung Chính"), ("09529", "Xã Lâm Thao")]),
]

# Province 24 since 01/07/2025: communes directly under the province (the former Bắc Ninh side).
NEW_PROVINCE = ("24", "Tỉnh Bắc Ninh")
NEW_COMMUNES = [
    ("09169", "Phường Vũ Ninh"), ("09187", "Phường Kinh Bắc"), ("09190", "Phường Võ Cường"), ("09193", "Xã Yên Phong"),
    ("09202", "Xã Tam Giang"), ("09205", "Xã Yên Trung"), ("09208", "Xã Tam Đa"), ("09238", "Xã Văn Môn"),
    ("09247", "Phường Quế Võ"), ("09253", "Phường Nhân Hòa"), ("09265", "Phường Phương Liễu"), ("09286", "Phường Nam Sơn"),
    ("09292", "Xã Phù Lãng"), ("09295", "Phường Bồng Lai"), ("09301", "Phường Đào Viên"), ("09313", "Xã Chi Lăng"),
    ("09319", "Xã Tiên Du"), ("09325", "Phường Hạp Lĩnh"), ("09334", "Xã Liên Bão"), ("09340", "Xã Đại Đồng"),
    ("09343", "Xã Tân Chi"), ("09349", "Xã Phật Tích"), ("09367", "Phường Từ Sơn"), ("09370", "Phường Tam Sơn"),
    ("09379", "Phường Phù Khê"), ("09385", "Phường Đồng Nguyên"), ("09400", "Phường Thuận Thành"), ("09409", "Phường Mão Điền"),
    ("09427", "Phường Trí Quả"), ("09430", "Phường Trạm Lộ"), ("09433", "Phường Song Liễu"), ("09445", "Phường Ninh Xá"),
    ("09454", "Xã Gia Bình"), ("09466", "Xã Cao Đức"), ("09469", "Xã Đại Lai"), ("09475", "Xã Nhân Thắng"),
    ("09487", "Xã Đông Cứu"), ("09496", "Xã Lương Tài"), ("09499", "Xã Trung Kênh"), ("09523", "Xã Trung Chính"),
    ("09529", "Xã Lâm Thao"),
]
