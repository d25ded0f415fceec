"""What changed between two frozen versions of a dossier (`services.dossier_content`): one row per
item that differs, for the reader to compare a resubmission with what was returned. Pure: no
Django, no database."""


def _answer_text(answer):
    if not answer:
        return ""
    option = answer.get("option") or ""
    points = answer.get("points")
    head = f"{option} ({points})" if points is not None else option
    return " — ".join(part for part in (head, answer.get("description") or "") if part)


def _files(items):
    return {f"{item.get('criterion') or '—'}: {item['name']}": item["sha256"] for item in items}


def diff(before, after):
    """[(section, item, before, after)] for every item that differs; sections: registration,
    general, answers, evidence, standing_documents."""
    rows = []
    for section in ("registration", "general"):
        old, new = before.get(section, {}), after.get(section, {})
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key) != new.get(key):
                rows.append((section, key, old.get(key), new.get(key)))
    old, new = before.get("answers", {}), after.get("answers", {})
    for code in [*old, *(k for k in new if k not in old)]:
        if old.get(code) != new.get(code):
            rows.append(("answers", code, _answer_text(old.get(code)), _answer_text(new.get(code))))
    for section in ("evidence", "standing_documents"):
        if section == "evidence":
            old, new = _files(before.get(section, [])), _files(after.get(section, []))
        else:
            old = {f"{d['title']} {d.get('number') or ''}".strip(): d for d in before.get(section, [])}
            new = {f"{d['title']} {d.get('number') or ''}".strip(): d for d in after.get(section, [])}
        for name in [*old, *(k for k in new if k not in old)]:
            if name not in new:
                rows.append((section, name, name, None))
            elif name not in old:
                rows.append((section, name, None, name))
            elif old[name] != new[name]:
                rows.append((section, name, name, name))
    return rows
