"""Encrypted free text on a model, e.g. ``outcome = SealedText("sealed_outcome", "cases.case.outcome")``.

The model keeps the ciphertext in a plain TextField; the descriptor reads and writes it in clear. Every
descriptor is registered for key rotation by ``register_sealed_texts`` (called from an app's ``ready``), so
adding a sealed field cannot forget ``isenim rotate-keys``.
"""

from django.apps import AppConfig

from isenim.core.crypto import decrypt_text, encrypt_text


class SealedText:
    def __init__(self, field: str, context: str):
        self.field = field
        self.context = context

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        raw = getattr(instance, self.field)
        return decrypt_text(raw, context=self.context) if raw else ""

    def __set__(self, instance, value: str) -> None:
        text = (value or "").strip()
        setattr(instance, self.field, encrypt_text(text, context=self.context) if text else "")


def sealed_texts(model) -> list[tuple[str, SealedText]]:
    return [
        (name, value)
        for klass in reversed(model.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, SealedText)
    ]


def register_sealed_texts(app_config: AppConfig) -> None:
    from isenim.core.rotation import register_sealed_field

    for model in app_config.get_models():
        for _name, descriptor in sealed_texts(model):
            register_sealed_field(model._meta.label, descriptor.field, descriptor.context)
