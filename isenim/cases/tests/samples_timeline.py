"""URL arguments of the case timeline and the case summary PDF for the generated URL test."""


def samples(case, staff) -> dict:
    number = {"number": case.number}
    return {"cases:case_timeline": number, "cases:case_pdf": number}
