"""One way to refuse (core.errors): services raise ``Refusal`` for a business rule, never a bare
``ValueError`` or ``ValidationError``; views catch ``Refusal``, not the old types one by one."""

import ast
from pathlib import Path

import isenim

ROOT = Path(isenim.__file__).resolve().parent
OLD_TYPES = {"ValueError", "ValidationError", "CaseRuleError", "ReintegrationError"}

# Catches around a service call that are not about a refusal: (file, exception) with the reason.
VIEW_CATCHES_ALLOWED: dict[tuple[str, str], str] = {}
# Raises of a programming error (a caller passed what no page can send): (file, function).
SERVICE_RAISES_ALLOWED = {
    ("appeals/services.py", "appeal_register"): "one existing person, one new person, or anonymous",
    ("prevention/services/actions.py", "tally_enter"): "the form always sends every cell of the tally",
    ("grants/services/meetings.py", "attendance_enter"): "the form always sends every cell of the tally",
    ("prevention/services/attribution.py", "set_appeal_source"): "the form's one choice gives one thing",
    ("retention/services.py", "past_period"): "the kind comes from the model's own choices",
}


def _files(kind: str):
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        parts = relative.split("/")  # an app's views.py or views/…, services.py or services/…
        if len(parts) > 1 and parts[1] in (kind, f"{kind}.py"):
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _names(node) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Tuple):
        return set().union(*(_names(element) for element in node.elts))
    if isinstance(node, ast.Attribute):
        return {node.attr}
    return {node.id} if isinstance(node, ast.Name) else set()


def _service_names(tree) -> set[str]:
    """The names a module took from services modules (``services`` itself, or a function of one)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if "services" in node.module.split(".") or alias.name == "services":
                    names.add(alias.asname or alias.name)
    return names


def _calls_a_service(body, services: set[str]) -> bool:
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Call):
            func = node.func
            while isinstance(func, ast.Attribute):
                func = func.value
            if isinstance(func, ast.Name) and func.id in services:
                return True
    return False


def test_views_catch_refusal_not_the_old_types():
    """A view catches ``Refusal`` around a service; ``CaseRuleError``, ``ReintegrationError`` and
    ``ValidationError`` are never caught on their own, ``ValueError`` only around something that is not a
    service (parsing a number)."""
    found = []
    for relative, tree in _files("views"):
        services = _service_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            around_a_service = _calls_a_service(node.body, services)
            for handler in node.handlers:
                for name in _names(handler.type) & OLD_TYPES:
                    refusal_type = name != "ValueError"
                    if (refusal_type or around_a_service) and (relative, name) not in VIEW_CATCHES_ALLOWED:
                        found.append(f"{relative}:{handler.lineno} catches {name}")
    assert not found, "Catch core.errors.Refusal (refusal_in_form / refusal_message): " + "; ".join(found)


def test_services_raise_refusal_for_a_business_rule():
    found = []
    for relative, tree in _files("services"):
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    name = next(iter(_names(node.exc.func)), "")
                    allowed = (relative, function.name) in SERVICE_RAISES_ALLOWED
                    if name in {"ValueError", "ValidationError"} and not allowed:
                        found.append(f"{relative}:{node.lineno} raises {name} in {function.name}")
    assert not found, "Raise core.errors.Refusal with a translated message: " + "; ".join(found)
