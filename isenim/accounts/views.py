from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from isenim.accounts import selectors, services, sessions
from isenim.accounts.forms import ConfirmForm, StaffCreateForm, StaffEditForm, UseCodeForm
from isenim.accounts.middleware import has_second_factor
from isenim.accounts.models import AccountChange
from isenim.core.access import Perm, Role
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message

# --- The administrator's Staff accounts ----------------------------------------------------------------


@permission_required(Perm.MANAGE_ACCOUNTS)
@read_only
def staff_list(request):
    users = selectors.staff_list(request.user)
    return render(request, "accounts/staff_list.html", {"users": users})


@permission_required(Perm.MANAGE_ACCOUNTS)
@reauthentication_required
def staff_create(request):
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            actor=request.user,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=Role(data["role"]),
            language=data["language"],
        )
        messages.success(
            request,
            _(
                "Account %(username)s created. It waits for a director's confirmation; then the member "
                "gets a one-time code and sets their own password."
            )
            % {"username": user.username},
        )
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@permission_required(Perm.MANAGE_ACCOUNTS)
@reauthentication_required
def staff_edit(request, pk: int):
    member = selectors.staff_get(request.user, pk)
    pending = selectors.pending_changes_of(request.user, member)
    proposed_role = next((change.role for change in pending if change.kind == AccountChange.Kind.CREATE), "")
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role or proposed_role,
        "language": member.language,
        "is_active": member.is_active,
    }
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.user_update(
                actor=request.user,
                user=member,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=Role(data["role"]),
                is_active=data["is_active"],
                language=data["language"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            if proposal is not None:
                messages.success(
                    request,
                    _("Account %(username)s saved. The new role waits for a director's confirmation.")
                    % {"username": member.username},
                )
            else:
                messages.success(request, _("Account %(username)s saved.") % {"username": member.username})
            return redirect("accounts:staff_list")
    context = {
        "form": form,
        "member": member,
        "member_has_mfa": has_second_factor(member),
        "pending": pending,
        "sessions": selectors.sessions_of(request.user, member),
    }
    return render(request, "accounts/staff_form.html", context)


@permission_required(Perm.MANAGE_ACCOUNTS)
@reauthentication_required
def staff_reset(request, pk: int):
    """GET explains; POST proposes a new password and second factor, which a director must confirm."""
    member = selectors.staff_get(request.user, pk)
    if request.method == "POST":
        try:
            services.user_propose_reset(actor=request.user, user=member)
        except Refusal as error:
            refusal_message(request, error)
        else:
            messages.success(
                request,
                _(
                    "A new password and second factor for %(username)s wait for a director's confirmation. "
                    "The member then gets a one-time code; you do not."
                )
                % {"username": member.username},
            )
        return redirect("accounts:staff_edit", pk=member.pk)
    return render(request, "accounts/staff_reset.html", {"member": member})


@permission_required(Perm.MANAGE_ACCOUNTS)
@post_only
def staff_end_sessions(request, pk: int):
    """A lost phone or a computer left signed in: every session of the account ends now."""
    member = selectors.staff_get(request.user, pk)
    ended = services.user_end_sessions(actor=request.user, user=member)
    messages.success(
        request,
        _("%(count)s session(s) of %(username)s ended.") % {"count": ended, "username": member.username},
    )
    return redirect("accounts:staff_edit", pk=member.pk)


# --- The director's confirmations ----------------------------------------------------------------------


@permission_required(Perm.CONFIRM_ACCOUNTS)
@read_only
def change_list(request):
    context = {**selectors.change_overview(request.user), "confirm_form": ConfirmForm()}
    return render(request, "accounts/change_list.html", context)


@permission_required(Perm.CONFIRM_ACCOUNTS)
@post_only
@reauthentication_required
def change_confirm(request, pk: int):
    change = selectors.change_to_decide(request.user, pk)
    form = ConfirmForm(request.POST)
    delivery = form.cleaned_data["delivery"] if form.is_valid() else ""
    try:
        change, code = services.change_confirm(actor=request.user, change=change, delivery=delivery)
    except Refusal as error:
        refusal_message(request, error)
        return redirect("accounts:change_list")
    if code is None:
        messages.success(
            request, _("Change confirmed for %(username)s.") % {"username": change.user.username}
        )
        return redirect("accounts:change_list")
    if change.delivery == AccountChange.Delivery.EMAIL and services.send_code(
        actor=request.user, change=change, code=code
    ):
        messages.success(
            request,
            _("Change confirmed. The one-time code was sent to %(username)s by e-mail.")
            % {"username": change.user.username},
        )
        return redirect("accounts:change_list")
    # Handed over by the director: shown in this answer once (never stored, never sent to the administrator).
    context = {
        "change": change,
        "code": code,
        "sent_failed": change.delivery == AccountChange.Delivery.EMAIL,
        "code_url": request.build_absolute_uri(reverse("account_use_code")),
    }
    return render(request, "accounts/code_hand_over.html", context)


@permission_required(Perm.CONFIRM_ACCOUNTS)
@post_only
def change_refuse(request, pk: int):
    change = selectors.change_to_decide(request.user, pk)
    try:
        services.change_refuse(actor=request.user, change=change)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Change refused for %(username)s.") % {"username": change.user.username})
    return redirect("accounts:change_list")


# --- Every member of staff: their sessions -------------------------------------------------------------


@permission_required(Perm.STAFF_AREA)
@read_only
def my_sessions(request):
    rows = selectors.my_sessions(request.user, request.session.session_key)
    context = {
        "sessions": rows,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "max_hours": settings.ISENIM_SESSION_MAX_HOURS,
    }
    return render(request, "accounts/my_sessions.html", context)


@permission_required(Perm.STAFF_AREA)
@post_only
def session_end(request):
    current = request.session.session_key
    if request.POST.get("others"):
        ended = sessions.sessions_end_others(actor=request.user, current_key=current)
        messages.success(request, _("%(count)s other session(s) ended.") % {"count": ended})
        return redirect("accounts:my_sessions")
    try:
        session_id = int(request.POST.get("session", ""))
    except ValueError:
        raise Http404 from None
    if not 0 < session_id < 2**63:  # a hostile number must not reach the database
        raise Http404
    if not sessions.session_end(actor=request.user, session_id=session_id, current_key=current):
        raise Http404
    messages.success(request, _("Session ended."))
    return redirect("accounts:my_sessions")


# --- Public: the one-time code -------------------------------------------------------------------------


@never_cache
def use_code(request):
    """The member sets their own password with the one-time code; at sign-in they enrol a second factor.
    Public like the sign-in page: the code is the proof, so it is long, single-use and expires."""
    form = UseCodeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.consume(request, action="use_account_code"):
            return ratelimit.respond_429(request)
        if form.is_valid():
            data = form.cleaned_data
            change = services.find_code(data["username"], data["code"])
            if change is None:
                services.code_failed(username=data["username"])
                form.add_error("code", _("This code is not valid for this username, or it has expired."))
            else:
                form.check_for(change.user)
                if form.is_valid():
                    try:
                        services.code_use(change=change, password=data["password1"])
                    except Refusal as error:
                        refusal_in_form(form, error)
                    else:
                        messages.success(
                            request,
                            _(
                                "Your new password is set. Sign in with it; you will then set up your "
                                "second factor."
                            ),
                        )
                        return redirect("account_login")
    return render(request, "accounts/use_code.html", {"form": form})
