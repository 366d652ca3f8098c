"""/account/tokens/: a user's own API tokens, created and revoked by them alone."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from convoy.api import tokens
from convoy.api.forms import TokenForm
from convoy.core.errors import DomainError


class TokenListView(LoginRequiredMixin, View):
    """The list with its creation form; a new token's secret is shown in this one response."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            token, secret = tokens.token_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self._page(request, form, status=400)
        response = self._page(request, TokenForm(), new_token=token, secret=secret)
        response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
        return response

    def _page(self, request: HttpRequest, form: TokenForm, status: int = 200,
              **extra: object) -> HttpResponse:
        context = {"title": _("API tokens"), "form": form,
                   "tokens": tokens.tokens_of(request.user), **extra}
        return render(request, "api/tokens.html", context, status=status)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = tokens.tokens_of(request.user).filter(pk=pk).first()
        if token is None:  # someone else's token is not found, never "not yours"
            raise Http404(_("No such API token among yours."))
        tokens.token_revoke(actor=request.user, token=token)
        messages.success(request, _("API token “%(name)s” revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("api-tokens"))
