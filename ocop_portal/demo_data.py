"""The Bắc Ninh 2020 round as the seed states it (16 producers: 7 enterprises, 6 cooperatives,
3 household businesses; 36 products, 33 eligible; 3 × 3★ and 30 × 4★; rewards 20/30 million VND).

Figures, dates and the council's decision number are real (Báo Bắc Ninh, 2020). The names of
producers, products, people, tax codes and the recognition decision's number are illustrative:
the source does not list them. Sheet numbers are the QĐ 1048 catalogue's type ids; product sets
the QĐ 26/2026 numbering.
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
    "legal_basis": "Đề nghị của Sở NN-PTNT tỉnh Bắc Ninh, được UBND tỉnh phê duyệt (năm 2020)",
    "budget_source": "Ngân sách tỉnh – Chương trình OCOP",
    "valid_from": datetime.date(2020, 1, 1),
    "valid_until": datetime.date(2020, 12, 31),
    "rates": [{"event": "first", "star": 3, "amount_vnd": 20_000_000}, {"event": "first", "star": 4, "amount_vnd": 30_000_000}],
}
TARGETS = [  # 2021–2025, as the seed states them
    ("producers", 50, "about"),
    ("products_3_plus", 150, "at_least"),
    ("products_5", 5, "at_least"),
    ("tourism_villages", 2, "about"),
    ("showrooms", 1, "exact"),
    ("leader_training_pct", 100, "exact"),
]

# Council members (role, full name, position). Voting: chair, vice-chair, members, secretary.
MEMBERS = [
    ("chair", "Nguyễn Văn Thành", "Phó Chủ tịch UBND tỉnh"),
    ("vice_chair", "Trần Quốc Hùng", "Giám đốc Sở Nông nghiệp và PTNT"),
    ("member", "Lê Thị Thu Hà", "Phó Giám đốc Sở Công Thương"),
    ("member", "Phạm Minh Đức", "Phó Giám đốc Sở Khoa học và Công nghệ"),
    ("member", "Đỗ Thị Hồng Nhung", "Phó Giám đốc Sở Y tế"),
    ("member", "Vũ Đình Long", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("member", "Hoàng Thị Mai", "Phó Giám đốc Sở Tài chính"),
    ("secretary", "Ngô Văn Bình", "Chi cục trưởng Chi cục Phát triển nông thôn"),
    ("support_leader", "Đặng Văn Toàn", "Phó Chi cục trưởng Chi cục PTNT"),
    ("support_deputy", "Bùi Thị Lan Anh", "Chuyên viên Văn phòng Điều phối NTM tỉnh"),
    ("support_member", "Trịnh Văn Hải", "Chuyên viên Sở Công Thương"),
    ("support_member", "Nguyễn Thị Thảo", "Chuyên viên Sở Y tế"),
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

# Demo logins, one per role: (username, full name, role, unit code or None, extra). Province staff
# belong to today's Bắc Ninh (24, since 01/07/2025) and see the 2020 round of the Bắc Ninh it
# replaced (27); the district officer is one of 2020's district offices.
USERS = [
    ("admin", "Quản trị hệ thống", "provincial_staff", "24", {"is_superuser": True, "is_staff": True}),
    ("tinh.bacninh", "Cán bộ Văn phòng Điều phối NTM tỉnh", "provincial_staff", "24", {"is_staff": True}),
    ("huyen.tuson", "Cán bộ Phòng Kinh tế thị xã Từ Sơn", "local_officer", "261", {}),
    ("chutich.hoidong", "Nguyễn Văn Thành", "council_member", None, {"member": "Nguyễn Văn Thành"}),
    ("uyvien.hoidong", "Lê Thị Thu Hà", "council_member", None, {"member": "Lê Thị Thu Hà"}),
    ("pheduyet", "Lãnh đạo UBND tỉnh (phê duyệt)", "approver", "24", {}),
    ("ketoan", "Kế toán Sở NN-PTNT", "finance", "24", {}),
    ("chuthe.dinhbang", "Nguyễn Thị Hạnh", "producer", None, {"producer": "2300412345"}),
]
