"""The indicators' Vietnamese names in the words of the Party's documents (issue [periods]): a
quota is "số lượng được giao", a target "chỉ tiêu", a neighbourhood "thôn, tổ dân phố". Only a
name still as the catalogue first wrote it is changed: an administrator's own edit stays."""

from django.db import migrations

RENAMED = {
    "staff_within_quota": (
        ("CBCC/chỉ tiêu", "Cán bộ, công chức so với chỉ tiêu"),
        ("CBCC/số được giao", "Cán bộ, công chức so với số lượng được giao"),
    ),
    "ward_part_time_within_quota": (
        ("KCT phường/chỉ tiêu", "Người hoạt động không chuyên trách cấp xã so với chỉ tiêu"),
        (
            "KCT cấp xã/số được giao",
            "Người hoạt động không chuyên trách cấp xã so với số lượng được giao",
        ),
    ),
    "neighbourhoods_over_quota": (
        ("Khu phố vượt KCT", "Số khu phố có người hoạt động không chuyên trách vượt định mức"),
        (
            "Thôn, TDP vượt KCT",
            "Số thôn, tổ dân phố có người hoạt động không chuyên trách vượt số lượng được giao",
        ),
    ),
    "secretary_is_head": (
        ("BT kiêm trưởng khu", "Khu phố có bí thư chi bộ kiêm trưởng khu"),
        (
            "BT kiêm trưởng thôn, TDP",
            "Thôn, tổ dân phố có bí thư chi bộ kiêm trưởng thôn, tổ dân phố",
        ),
    ),
}


def rename(apps, schema_editor, *, backwards=False):
    Indicator = apps.get_model("indicators", "Indicator")
    for code, (old, new) in RENAMED.items():
        (short_from, name_from), (short_to, name_to) = (new, old) if backwards else (old, new)
        Indicator.objects.filter(code=code, short_name=short_from).update(short_name=short_to)
        Indicator.objects.filter(code=code, name=name_from).update(name=name_to)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0010_target_versions")]

    operations = [
        migrations.RunPython(rename, lambda apps, editor: rename(apps, editor, backwards=True))
    ]
