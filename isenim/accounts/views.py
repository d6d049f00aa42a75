from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.accounts import selectors, services
from isenim.accounts.forms import StaffCreateForm, StaffEditForm, StaffPasswordForm
from isenim.accounts.middleware import has_second_factor
from isenim.core.access import Perm, Role
from isenim.core.decorators import permission_required


@permission_required(Perm.MANAGE_ACCOUNTS)
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
            role=Role(data["role"]),
            password=data["password1"],
            language=data["language"],
        )
        messages.success(request, _("Account %(username)s created.") % {"username": user.username})
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@permission_required(Perm.MANAGE_ACCOUNTS)
@reauthentication_required
def staff_edit(request, pk: int):
    member = selectors.staff_get(request.user, pk)
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "role": member.role,
        "language": member.language,
        "is_active": member.is_active,
    }
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if member == request.user and (data["role"] != member.role or not data["is_active"]):
            form.add_error(None, _("You cannot change your own role or switch off your own account."))
        else:
            services.user_update(
                actor=request.user,
                user=member,
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=Role(data["role"]),
                is_active=data["is_active"],
                language=data["language"],
            )
            messages.success(request, _("Account %(username)s saved.") % {"username": member.username})
            return redirect("accounts:staff_list")
    context = {"form": form, "member": member, "member_has_mfa": has_second_factor(member)}
    return render(request, "accounts/staff_form.html", context)


@permission_required(Perm.MANAGE_ACCOUNTS)
@reauthentication_required
def staff_reset_second_factor(request, pk: int):
    """GET asks for confirmation; POST removes every authenticator of the account."""
    member = selectors.staff_get(request.user, pk)
    if request.method == "POST":
        services.user_reset_second_factor(actor=request.user, user=member)
        messages.success(
            request,
            _("Second factor removed for %(username)s: they must set up a new one at next sign-in.")
            % {"username": member.username},
        )
        return redirect("accounts:staff_edit", pk=member.pk)
    return render(request, "accounts/staff_reset_second_factor.html", {"member": member})


@permission_required(Perm.MANAGE_ACCOUNTS)
@reauthentication_required
def staff_set_password(request, pk: int):
    """For a forgotten password: the administrator sets a temporary one and tells the person."""
    member = selectors.staff_get(request.user, pk)
    form = StaffPasswordForm(request.POST or None, user=member)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(actor=request.user, user=member, password=form.cleaned_data["password1"])
        messages.success(request, _("New password set for %(username)s.") % {"username": member.username})
        return redirect("accounts:staff_edit", pk=member.pk)
    return render(request, "accounts/staff_set_password.html", {"form": form, "member": member})
