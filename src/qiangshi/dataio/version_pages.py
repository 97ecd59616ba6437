"""The page of one named, versioned method document (dataio.version_model): the version as
YAML, and for users who may, the edited text saved as a new version based on it (refused
whole, with every problem on its line, when the document does not hold)."""

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from qiangshi.dataio.documents import DocumentInvalid, mapping_read


def version_page(request, version, *, permission: str, refusal: str, not_a_mapping: str, save,
                 template: str, url_name: str):
    """`save(content, based_on=, note=)` stores the new version; `refusal` says, in Chinese,
    who may edit."""
    text = yaml.safe_dump(version.content, allow_unicode=True, sort_keys=False)
    problems = []
    can_edit = request.user.has_perm(permission)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(refusal)
        text = request.POST.get("content", "")
        try:
            saved = save(mapping_read(text, not_a_mapping), based_on=version,
                         note=request.POST.get("note", ""))
        except DocumentInvalid as error:
            problems = error.messages
        else:
            messages.success(request, f"已保存为 {saved}。")
            return redirect(url_name, pk=saved.pk)
    return render(request, template, {"version": version, "text": text, "problems": problems,
                                      "can_edit": can_edit})
