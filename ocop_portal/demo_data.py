"""The Bắc Ninh 2020 round as the seed states it (16 producers: 7 enterprises, 6 cooperatives,
3 household businesses; 36 products, 33 eligible; 3 × 3★ and 30 × 4★; rewards 20/30 million VND).

Figures, dates and the council's decision number are real (Báo Bắc Ninh, 2020). The names of
producers, products, people, tax codes and the recognition decision's number are illustrative:
the source does not list them. Sheet numbers are the QĐ 1048 catalogue's type ids; product sets
the QĐ 26/2026 numbering.

Beside it, a current round (2026, QĐ 26/2026, today's Bắc Ninh 24) still open for registration,
with dossiers at every stage of the commune pre-check and provincial intake and a planned council
session: all of it illustrative.
"""

import datetime

PASSWORD = "ocop-demo-2020"

ROUND = {
    "name": "Đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh năm 2020",
    "year": 2020,
    "opens_on": datetime.date(2020, 6, 1),
    "closes_on": datetime.date(2020, 12, 31),
}
COUNCIL = {
    "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh năm 2020",
    "decision_number": "1148/QĐ-UBND",
    "decision_date": datetime.date(2020, 8, 24),
}
SESSION = {"starts_on": datetime.date(2020, 9, 4), "ends_on": datetime.date(2020, 9, 5),
           "location": "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Ninh"}
DECISION = {"number": "1502/QĐ-UBND (minh họa)", "signed_on": datetime.date(2020, 10, 15),
            "signer_name": "Nguyễn Văn Thành (minh họa)", "signer_title": "Phó Chủ tịch UBND tỉnh Bắc Ninh"}
SCHEDULE = {
    "name": "Thưởng sản phẩm OCOP tỉnh Bắc Ninh năm 2020",
    "legal_basis": "Quyết định số 1245/QĐ-UBND (minh họa) ngày 20 tháng 7 năm 2020 của Ủy ban nhân dân tỉnh Bắc Ninh "
                   "quy định mức thưởng cho sản phẩm được công nhận đạt sản phẩm OCOP năm 2020",
    "budget_source": "Ngân sách tỉnh – Chương trình OCOP",
    "valid_from": datetime.date(2020, 1, 1),
    "valid_until": datetime.date(2020, 12, 31),
    "rates": [{"event": "first", "star": 3, "amount_vnd": 20_000_000}, {"event": "first", "star": 4, "amount_vnd": 30_000_000}],
}
# The reward decision approving the 2020 batch (proposed by the department, approved by the
# committee's `pheduyet`) and its payment by `ketoan`: one transfer reference per producer.
REWARD_DECISION = {"number": "1688/QĐ-UBND (minh họa)", "signed_on": datetime.date(2020, 11, 20),
                   "signer_name": "Nguyễn Văn Thành (minh họa)", "signer_title": "Phó Chủ tịch UBND tỉnh Bắc Ninh"}
REWARD_PAID_ON = datetime.date(2020, 12, 15)
REWARD_REFERENCE = "UNC {n:03d}/KBBN-2020"  # n: the producer's number in the batch
TARGETS = [  # 2021–2025, as the seed states them
    ("producers", 50, "about"),
    ("products_3_plus", 150, "at_least"),
    ("products_5", 5, "at_least"),
    ("tourism_villages", 2, "about"),
    ("showrooms", 1, "exact"),
    ("leader_training_pct", 100, "exact"),
]

# Council members (role, full name, position, login or None). Voting: chair, vice-chair,
# members, secretary; each voting seat has its own login and scores as itself. The secretary is a
# provincial officer (thuky.hoidong also holds a provincial staff role).
MEMBERS = [
    ("chair", "Nguyễn Văn Thành", "Phó Chủ tịch UBND tỉnh", "chutich.hoidong"),
    ("vice_chair", "Trần Quốc Hùng", "Giám đốc Sở Nông nghiệp và PTNT", "phochutich.hoidong"),
    ("member", "Lê Thị Thu Hà", "Phó Giám đốc Sở Công Thương", "uyvien.hoidong"),
    ("member", "Phạm Minh Đức", "Phó Giám đốc Sở Khoa học và Công nghệ", "uyvien2.hoidong"),
    ("member", "Đỗ Thị Hồng Nhung", "Phó Giám đốc Sở Y tế", "uyvien3.hoidong"),
    ("member", "Vũ Đình Long", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch", "uyvien4.hoidong"),
    ("member", "Hoàng Thị Mai", "Phó Giám đốc Sở Tài chính", "uyvien5.hoidong"),
    ("secretary", "Ngô Văn Bình", "Chi cục trưởng Chi cục Phát triển nông thôn", "thuky.hoidong"),
    ("support_leader", "Đặng Văn Toàn", "Phó Chi cục trưởng Chi cục PTNT", None),
    ("support_deputy", "Bùi Thị Lan Anh", "Chuyên viên Văn phòng Điều phối NTM tỉnh", None),
    ("support_member", "Trịnh Văn Hải", "Chuyên viên Sở Công Thương", None),
    ("support_member", "Nguyễn Thị Thảo", "Chuyên viên Sở Y tế", None),
]

# Producers: (kind, name, registration number, commune code, address, representative, gender,
#             [(product name, 1048 sheet number, 26/2026 product set, outcome)]).
# outcome: 4 or 3 (stars the council gave) or a text (the reason the dossier was not eligible).
PRODUCERS = [
    ("enterprise", "Công ty TNHH Thực phẩm truyền thống Đình Bảng", "2300412345", "09385", "Khu phố Đình, phường Đồng Nguyên",
     "Nguyễn Thị Hạnh", "female", [("Bánh phu thê Đình Bảng", 2, 6, 4), ("Bánh cốm Đình Bảng", 2, 6, 4),
                                   ("Bánh chưng Đình Bảng", 2, 6, 4)]),
    ("enterprise", "Công ty Cổ phần Gốm Phù Lãng", "2300523456", "09292", "Thôn Phù Lãng, xã Phù Lãng",
     "Vũ Văn Khoa", "male", [("Bình gốm men da lươn Phù Lãng", 19, 21, 4), ("Tranh gốm Phù Lãng", 20, 21, 4),
                             ("Chậu gốm Phù Lãng", 19, 21, 4)]),
    ("enterprise", "Công ty TNHH Tranh dân gian Đông Hồ", "2300634567", "09433", "Làng Đông Hồ, xã Song Liễu",
     "Nguyễn Hữu Quả", "male", [("Tranh Đông Hồ “Đám cưới chuột”", 20, 21, 4), ("Tranh Đông Hồ “Đàn lợn”", 20, 21, 4)]),
    ("enterprise", "Công ty TNHH Đồ gỗ mỹ nghệ Phù Khê", "2300745678", "09379", "Khu phố Phù Khê Đông, phường Phù Khê",
     "Đỗ Văn Tiến", "male", [("Sập gụ chạm khắc Phù Khê", 19, 21, 4), ("Tủ chè chạm khắc Phù Khê", 19, 21, 4),
                             ("Tượng gỗ mỹ nghệ Phù Khê", 20, 21, "Sản phẩm chưa có nhãn hàng hóa và chưa được thương mại hóa "
                                                                   "ổn định; chưa đủ điều kiện tham gia đánh giá.")]),
    ("enterprise", "Công ty Cổ phần Nông sản sạch Tiên Du", "2300856789", "09334", "Thôn Bái Uyên, xã Liên Bão",
     "Trần Thị Ngọc", "female", [("Dưa lưới Tiên Du", 15, 1, 4), ("Cà chua bi Tiên Du", 15, 1, 4)]),
    ("enterprise", "Công ty TNHH Đúc đồng Đại Bái", "2300967890", "09469", "Làng Đại Bái, xã Đại Lai",
     "Nguyễn Văn Đông", "male", [("Lư hương đồng Đại Bái", 20, 21, 4), ("Mâm đồng chạm Đại Bái", 19, 21, 4)]),
    ("enterprise", "Công ty Cổ phần Thực phẩm Kinh Bắc", "2301078901", "09187", "Số 12 đường Ngô Gia Tự, phường Kinh Bắc",
     "Lê Văn Nam", "male", [("Bún khô Khắc Niệm", 2, 6, 4), ("Giò lụa Kinh Bắc", 4, 8, 4), ("Bánh đa nem Kinh Bắc", 2, 6, 4)]),
    ("cooperative", "Hợp tác xã Mây tre đan Xuân Lai", "2301189012", "09475", "Thôn Xuân Lai, xã Nhân Thắng",
     "Phạm Thị Thu", "female", [("Khay mây tre đan Xuân Lai", 19, 21, 4), ("Giỏ mây tre đan Xuân Lai", 19, 21, 4),
                                ("Đèn mây tre trang trí Xuân Lai", 20, 21, 4)]),
    ("cooperative", "Hợp tác xã Nếp cái hoa vàng Trung Kênh", "2301290123", "09499", "Thôn Bình Ngô, xã Trung Kênh",
     "Nguyễn Văn Lực", "male", [("Cốm nếp cái hoa vàng Trung Kênh", 2, 6, 4), ("Rượu nếp cái hoa vàng Trung Kênh", 16, 14, 4),
                                ("Bột nếp cái hoa vàng Trung Kênh", 2, 6, "Hồ sơ chưa có bản tự công bố sản phẩm và phiếu kết "
                                                                            "quả kiểm nghiệm còn hiệu lực.")]),
    ("cooperative", "Hợp tác xã Rau an toàn Đại Đồng", "2301301234", "09340", "Thôn Đại Vi, xã Đại Đồng",
     "Ngô Thị Hiền", "female", [("Rau cải ngọt an toàn Đại Đồng", 15, 1, 4), ("Su hào an toàn Đại Đồng", 15, 1, 4),
                                ("Bắp cải an toàn Đại Đồng", 15, 1, 4)]),
    ("cooperative", "Hợp tác xã Chăn nuôi Tam Giang", "2301412345", "09202", "Thôn Đông Xá, xã Tam Giang",
     "Trần Văn Dũng", "male", [("Trứng gà sạch Tam Giang", 18, 2, 4), ("Gà ri Yên Phong", 18, 2, 4)]),
    ("cooperative", "Hợp tác xã Mật ong Phật Tích", "2301523456", "09349", "Thôn Phật Tích, xã Phật Tích",
     "Lê Thị Bích", "female", [("Mật ong hoa nhãn Phật Tích", 11, 4, 4), ("Mật ong hoa vải Phật Tích", 11, 4, 4)]),
    ("cooperative", "Hợp tác xã Bánh đa Lâm Thao", "2301634567", "09529", "Thôn Lĩnh Mai, xã Lâm Thao",
     "Nguyễn Thị Yến", "female", [("Bánh đa nem Lâm Thao", 2, 6, 4),
                                  ("Bánh đa vừng Lâm Thao", 2, 6, "Thiếu phiếu kết quả kiểm nghiệm chỉ tiêu an toàn thực phẩm "
                                                                   "còn hiệu lực; đã trả lại để bổ sung nhưng không kịp đợt này.")]),
    ("household", "Hộ kinh doanh Nguyễn Thị Hương", "21E8000123", "09238", "Thôn Ngô Xá, xã Văn Môn",
     "Nguyễn Thị Hương", "female", [("Bánh khúc Văn Môn", 26, 5, 3)]),
    ("household", "Hộ kinh doanh Lê Văn Thịnh", "21G8000456", "09427", "Thôn Trí Quả, xã Trí Quả",
     "Lê Văn Thịnh", "male", [("Giò chả Trí Quả", 4, 8, 3)]),
    ("household", "Hộ kinh doanh Phạm Thị Lan", "21A8000789", "09208", "Thôn Đông Yên, xã Tam Đa",
     "Phạm Thị Lan", "female", [("Bánh tẻ làng Chờ", 26, 5, 3)]),
]

# Owner logins of 2020 producers, by registration number.
OWNERS = {"2300412345": "chuthe.dinhbang"}

# Demo logins: (username, full name, account flags, territory roles [(role, unit code)]). A unit
# code of 2 digits is a province of today's map (Bắc Ninh 24, since 01/07/2025; its staff also see
# the 2020 round of the Bắc Ninh 27 it replaced), 3 digits a district (until 30/06/2025), 5 digits
# a commune of today's map. Council seats come from MEMBERS / MEMBERS_2026, producer ownership from
# OWNERS / PRODUCERS_2026. Flags: is_superuser, is_staff, view_only_admin (the admin's read-only
# group of provincial staff).
USERS = [
    ("admin", "Quản trị hệ thống", {"is_superuser": True, "is_staff": True}, [("provincial_staff", "24")]),
    ("tinh.bacninh", "Cán bộ Văn phòng Điều phối NTM tỉnh", {"is_staff": True, "view_only_admin": True},
     [("provincial_staff", "24")]),
    ("thuky.hoidong", "Ngô Văn Bình", {}, [("provincial_staff", "24")]),
    ("pheduyet", "Lãnh đạo UBND tỉnh (phê duyệt)", {}, [("approver", "24")]),
    ("ketoan", "Kế toán Sở NN-PTNT", {}, [("finance", "24")]),
    # 2020's district offices: each forwards the dossiers of its own district
    ("huyen.tpbacninh", "Cán bộ Phòng Kinh tế thành phố Bắc Ninh", {}, [("local_officer", "256")]),
    ("huyen.yenphong", "Cán bộ Phòng Nông nghiệp và PTNT huyện Yên Phong", {}, [("local_officer", "258")]),
    ("huyen.quevo", "Cán bộ Phòng Nông nghiệp và PTNT huyện Quế Võ", {}, [("local_officer", "259")]),
    ("huyen.tiendu", "Cán bộ Phòng Nông nghiệp và PTNT huyện Tiên Du", {}, [("local_officer", "260")]),
    ("huyen.tuson", "Cán bộ Phòng Kinh tế thị xã Từ Sơn", {}, [("local_officer", "261")]),
    ("huyen.thuanthanh", "Cán bộ Phòng Nông nghiệp và PTNT huyện Thuận Thành", {}, [("local_officer", "262")]),
    ("huyen.giabinh", "Cán bộ Phòng Nông nghiệp và PTNT huyện Gia Bình", {}, [("local_officer", "263")]),
    ("huyen.luongtai", "Cán bộ Phòng Nông nghiệp và PTNT huyện Lương Tài", {}, [("local_officer", "264")]),
    # today's commune offices (2026 round)
    ("xa.yenphong", "Cán bộ Phòng Kinh tế xã Yên Phong", {}, [("local_officer", "09193")]),
    ("phuong.thuanthanh", "Cán bộ Phòng Kinh tế, Hạ tầng và Đô thị phường Thuận Thành", {},
     [("local_officer", "09400")]),
    ("xa.giabinh", "Cán bộ Phòng Kinh tế xã Gia Bình", {}, [("local_officer", "09454")]),
    # council seats only
    ("chutich.hoidong", "Nguyễn Văn Thành", {}, []),
    ("phochutich.hoidong", "Trần Quốc Hùng", {}, []),
    ("uyvien.hoidong", "Lê Thị Thu Hà", {}, []),
    ("uyvien2.hoidong", "Phạm Minh Đức", {}, []),
    ("uyvien3.hoidong", "Đỗ Thị Hồng Nhung", {}, []),
    ("uyvien4.hoidong", "Vũ Đình Long", {}, []),
    ("uyvien5.hoidong", "Hoàng Thị Mai", {}, []),
    # producer owners
    ("chuthe.dinhbang", "Nguyễn Thị Hạnh", {}, []),
    ("chuthe.yenphong", "Nguyễn Thị Vân", {}, []),
    ("chuthe.tranvanson", "Trần Văn Sơn", {}, []),
    ("chuthe.thuanthanh", "Phạm Văn Hòa", {}, []),
    ("chuthe.giabinh", "Lê Thị Nga", {}, []),
]

# --- The current round: 2026, QĐ 26/2026, today's Bắc Ninh (24) ---------------------------------

REGULATION_2026 = "26/2026"
ROUND_2026 = {
    "name": "Đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh năm 2026 (đợt 2)",
    "year": 2026,
    "opens_on": datetime.date(2026, 7, 1),  # QĐ 26/2026 is in force from 22/05/2026
    "closes_on": datetime.date(2026, 12, 30),
}
COUNCIL_2026 = {
    "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh năm 2026",
    "decision_number": "2186/QĐ-UBND (minh họa)",
    "decision_date": datetime.date(2026, 11, 16),
}
MEMBERS_2026 = [
    ("chair", "Nguyễn Văn Thành", "Phó Chủ tịch UBND tỉnh", "chutich.hoidong"),
    ("vice_chair", "Trần Quốc Hùng", "Giám đốc Sở Nông nghiệp và Môi trường", "phochutich.hoidong"),
    ("member", "Phạm Minh Đức", "Phó Giám đốc Sở Khoa học và Công nghệ", "uyvien2.hoidong"),
    ("member", "Đỗ Thị Hồng Nhung", "Phó Giám đốc Sở Y tế", "uyvien3.hoidong"),
    ("member", "Vũ Đình Long", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch", "uyvien4.hoidong"),
    ("member", "Hoàng Thị Mai", "Phó Giám đốc Sở Tài chính", "uyvien5.hoidong"),
    ("secretary", "Ngô Văn Bình", "Trưởng phòng Phát triển nông thôn, Sở Nông nghiệp và Môi trường", "thuky.hoidong"),
    ("support_leader", "Đặng Văn Toàn", "Phó Trưởng phòng Phát triển nông thôn, Sở Nông nghiệp và Môi trường", None),
    ("support_member", "Nguyễn Thị Thảo", "Chuyên viên Sở Y tế", None),
]
SESSION_2026 = {"starts_on": datetime.date(2026, 12, 10), "ends_on": datetime.date(2026, 12, 11),
                "location": "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh"}  # opened by the chair: members score now
SESSION_2026_PLANNED = {"starts_on": datetime.date(2026, 12, 17), "ends_on": datetime.date(2026, 12, 17),
                        "location": "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh"}  # the next one, still planned

# Producers of the 2026 round: (kind, name, registration number, commune code (today's map),
# address, representative, gender, owner login,
#   [(product name, 26/2026 product set, stage, reason for a return or "")]).
# stage: how far the dossier went: draft, submitted, returned (by the commune office, with the
# reason), forwarded (to the province), eligible (province's intake), session (eligible and put on
# the council session the chair has opened: members can score it), planned (eligible and put on
# the next session, still planned).
PRODUCERS_2026 = [
    ("cooperative", "Hợp tác xã Nông nghiệp sạch Yên Phong", "2302101234", "09193", "Thôn Đông Thái, xã Yên Phong",
     "Nguyễn Thị Vân", "female", "chuthe.yenphong",
     [("Gạo nếp cái hoa vàng Yên Phong", 3, "session", ""), ("Bánh đa nem Yên Phong", 6, "forwarded", ""),
      ("Dưa lê Yên Phong", 1, "draft", "")]),
    ("household", "Hộ kinh doanh Trần Văn Sơn", "21B8002468", "09193", "Thôn Ngô Khê, xã Yên Phong",
     "Trần Văn Sơn", "male", "chuthe.tranvanson",
     [("Giò bò Yên Phong", 8, "submitted", "")]),
    ("enterprise", "Công ty TNHH Nông sản Thuận Thành", "2302212345", "09400", "Khu phố Ngọc Khám, phường Thuận Thành",
     "Phạm Văn Hòa", "male", "chuthe.thuanthanh",
     [("Trà sen Thuận Thành", 12, "session", ""),
      ("Nem chua Thuận Thành", 8, "returned", "Phiếu kết quả kiểm nghiệm chỉ tiêu an toàn thực phẩm đã hết hạn; đề nghị "
                                               "bổ sung phiếu kiểm nghiệm còn hiệu lực và bản tự công bố sản phẩm."),
      ("Bánh tẻ Thuận Thành", 6, "eligible", "")]),
    ("cooperative", "Hợp tác xã Mật ong Gia Bình", "2302323456", "09454", "Thôn Đông Bình, xã Gia Bình",
     "Lê Thị Nga", "female", "chuthe.giabinh",
     [("Mật ong hoa vải Gia Bình", 4, "session", ""), ("Tương nếp Gia Bình", 9, "forwarded", ""),
      ("Mật ong hoa nhãn Gia Bình", 4, "planned", "")]),
]
