"""Every write of the guide app: keyword-only arguments, ``actor=``, one transaction, one audit event."""

from isenim.guide.services.consultations import (  # noqa: F401
    MAX_TEXT,
    SERVICE_CODE,
    ConsultationData,
    consultation_record,
    consultation_service_type,
    topic_values,
)
from isenim.guide.services.items import (  # noqa: F401
    HOTLINE_FIELDS,
    MISSION_FIELDS,
    ItemData,
    ask_register,
    hotline_save,
    item_create,
    item_publish,
    item_return,
    item_submit,
    item_update,
    may_publish,
    missing_for_review,
    mission_save,
)
