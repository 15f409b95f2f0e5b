"""Invented names for the sample data: people, neighbourhoods, institutional cells.

None of these are real people or organisations; the only real names in the demo are the
official unit names, and the ward secretary and the neighbourhood named in the source article.
"""

import random

FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 4
    + ["Lê"] * 3
    + ["Phạm"] * 3
    + ["Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lý", "Đinh", "Phan", "Trịnh"]
    + ["Lương", "Đào", "Hà", "Mai", "Tạ", "Cao", "Lưu"]
)
MALE_MIDDLE = ["Văn", "Văn", "Đức", "Ngọc", "Minh", "Quang", "Thanh", "Xuân", "Hữu", "Công", "Mạnh"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thùy", "Kim", "Hồng"]
MALE_GIVEN = [
    "Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Hiếu", "Trung",
    "Khánh", "Phong", "Đạt", "Toàn", "Tùng", "Vinh", "Hoàng", "Bình", "Thành", "Huy", "Kiên",
    "Lâm", "Tiến", "Quyết", "Chiến", "Việt", "Thịnh",
]  # fmt: skip
FEMALE_GIVEN = [
    "Hương", "Lan", "Hoa", "Mai", "Hằng", "Thảo", "Trang", "Linh", "Nga", "Huyền", "Yến",
    "Phương", "Hà", "Dung", "Thủy", "Loan", "Ngọc", "Oanh", "Quyên", "Vân", "Nhung", "Liên",
]  # fmt: skip

# The one real person named in the article; invented names must not take it, and the demo
# gives him no record: details of a real person (birth year, degrees) would be invented. The
# secretary's post in the demo's 2015–2020 term is held by a sample record of invented name.
ARTICLE_SECRETARY = "Nguyễn Ngọc Quân"
SAMPLE_SECRETARY = "Đỗ Văn Mẫu"


def person_name(rng: random.Random, female: bool) -> str:
    while True:
        if female:
            name = f"{rng.choice(FAMILY)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
        if name not in (ARTICLE_SECRETARY, SAMPLE_SECRETARY):
            return name


# Neighbourhood names: two syllables, as the article's "Vĩnh Phú". The pairs are invented;
# any resemblance to a real khu phố is chance.
_FIRST = [
    "An", "Bình", "Cẩm", "Đông", "Hòa", "Hưng", "Kim", "Lạc", "Long", "Minh", "Nam", "Phú",
    "Quang", "Tân", "Thái", "Thanh", "Thịnh", "Trung", "Vĩnh", "Xuân", "Yên", "Hồng", "Đức",
    "Hải", "Mỹ", "Phúc", "Tiến", "Văn", "Đạm", "Hạ",
]  # fmt: skip
_SECOND = [
    "An", "Bình", "Hòa", "Lạc", "Lập", "Lợi", "Sơn", "Thành", "Thịnh", "Tiến", "Trung", "Phú",
    "Phong", "Hưng", "Tân", "Long", "Quang", "Khê", "Xuân", "Đông", "Nam", "Mỹ", "Thuận", "Tuy",
]  # fmt: skip
ARTICLE_NEIGHBOURHOOD = "Vĩnh Phú"
NEIGHBOURHOOD_BASES = [
    f"{first} {second}"
    for first in _FIRST
    for second in _SECOND
    if first != second and f"{first} {second}" != ARTICLE_NEIGHBOURHOOD
]


class NamePool:
    """Draws neighbourhood names without repeats, so that names stay unique wherever cells of
    several old wards end up in one new ward."""

    def __init__(self, seed: str):
        self._names = list(NEIGHBOURHOOD_BASES)
        random.Random(seed).shuffle(self._names)

    def take(self, count: int) -> list[str]:
        if count > len(self._names):
            raise ValueError("Not enough invented neighbourhood names left.")
        taken, self._names = self._names[:count], self._names[count:]
        return taken


# Institutional cells: (kind, name template). {place} is the ward's short name, {unit} "phường"
# or "xã": names carry the old ward's name so they stay unique after a merger.
INSTITUTIONAL = {
    "school": [
        "Chi bộ Trường Mầm non {place}",
        "Chi bộ Trường Tiểu học {place}",
        "Chi bộ Trường THCS {place}",
        "Chi bộ Trường Mầm non {place} B",
        "Chi bộ Trường Tiểu học {place} B",
        "Chi bộ Trường THPT {place}",
    ],
    "enterprise": [
        "Chi bộ Công ty CP Cơ khí mỏ {place}",
        "Chi bộ Công ty CP Vận tải than {place}",
        "Chi bộ Phân xưởng Sàng tuyển than {place}",
        "Chi bộ Hợp tác xã Gốm sứ {place}",
        "Chi bộ Công ty CP Vật liệu xây dựng {place}",
        "Chi bộ Công ty TNHH Dịch vụ mỏ {place}",
    ],
    "police": ["Chi bộ Công an {unit} {place}"],
    "military": ["Chi bộ Quân sự {unit} {place}"],
    "retirees": ["Chi bộ Hưu trí {place} số 1", "Chi bộ Hưu trí {place} số 2"],
    "other": [
        "Chi bộ Cơ quan Đảng ủy – Ủy ban {unit} {place}",
        "Chi bộ Trạm Y tế {unit} {place}",
        "Chi bộ Quỹ tín dụng nhân dân {place}",
        "Chi bộ Ban Quản lý chợ {place}",
    ],
}
