"""The built-in glossary of standard names (merged under a user glossary).

Kept small on purpose: only names whose wrong forms are unambiguous in a
government text. Units (市人力资源社会保障局 …) differ from place to place
and belong in the user's glossary YAML (see docs/checks.md).
"""

from __future__ import annotations

from caina.core.checks.glossary import Glossary, NameEntry

DEFAULT_ENTRIES: tuple[NameEntry, ...] = (
    NameEntry(
        "工程技术研究中心",
        variants=("工程研究中心",),
        note="科技部门（如自治区科技厅）认定的科技平台规范名称为“工程技术研究中心”",
        # 发展改革部门认定的“（国家）工程研究中心”是另一类平台，名称正确
        unless=("发展改革", "发改", "国家工程研究中心", "工程研究中心（", "工程研究中心和工程技术研究中心"),
    ),
    NameEntry(
        "研究与试验发展",
        variants=("研究与实验发展", "研究和试验发展", "研究和实验发展"),
        note="R&D 的统计规范名称为“研究与试验发展”（国家统计局）",
    ),
    NameEntry(
        "高新技术企业",
        variants=("高新科技企业",),
        note="《高新技术企业认定管理办法》中的规范名称为“高新技术企业”",
    ),
    NameEntry(
        "统一社会信用代码",
        variants=("统一信用代码", "社会统一信用代码"),
        note="GB 32100 规定的名称为“统一社会信用代码”",
    ),
    NameEntry(
        "粤港澳大湾区",
        variants=("粤港澳湾区",),
        note="国家战略的规范名称为“粤港澳大湾区”",
    ),
    NameEntry(
        "铸牢中华民族共同体意识",
        variants=("筑牢中华民族共同体意识",),
        note="规范提法为“铸牢中华民族共同体意识”",
        severity="error",
    ),
)

DEFAULT_GLOSSARY = Glossary(DEFAULT_ENTRIES, source="内置名称表")
