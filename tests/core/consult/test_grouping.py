"""MinHash signatures, LSH grouping, numbering of groups."""

from __future__ import annotations

import random

import numpy as np
import pytest

from caina.core.consult.attribute import residual
from caina.core.consult.grouping import GroupingSettings, components, exact_groups, group_labels
from caina.core.consult.minhash import shingle_hashes, signatures, text_keys
from caina.core.consult.normalize import encode, normalize
from caina.core.consult.partition import analyse_partition
from caina.core.consult.summary import number_groups

from ._draft import example


def _sig(texts: list[str], bins: int = 64) -> np.ndarray:
    cp, offsets = encode(texts)
    h, doc = shingle_hashes(cp, offsets, 3)
    return signatures(h, doc, len(texts), bins)


def _jaccard(a: str, b: str) -> float:
    sa = {a[i : i + 3] for i in range(len(a) - 2)}
    sb = {b[i : i + 3] for i in range(len(b) - 2)}
    return len(sa & sb) / len(sa | sb)


def test_signature_agreement_estimates_jaccard() -> None:
    rng = random.Random(1)
    alphabet = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    errors = []
    for _ in range(200):
        a = "".join(rng.choice(alphabet) for _ in range(120))
        b = list(a)
        for _ in range(rng.randint(0, 40)):
            b[rng.randrange(len(b))] = rng.choice(alphabet)
        b = "".join(b)
        sig = _sig([a, b], bins=256)
        errors.append(float((sig[0] == sig[1]).mean()) - _jaccard(a, b))
    assert abs(float(np.mean(errors))) < 0.02  # unbiased
    assert float(np.std(errors)) < 0.06  # about sqrt(J(1-J)/256)


def test_signatures_do_not_depend_on_the_partition() -> None:
    texts = ["建议提高补植标准", "同意", "", "甲乙丙丁戊己庚辛壬癸"]
    whole = _sig(texts)
    assert all((whole[i] == _sig([t])[0]).all() for i, t in enumerate(texts))
    cp, offsets = encode(texts)
    keys = text_keys(cp, offsets)
    assert all(keys[i] == text_keys(*encode([t]))[0] for i, t in enumerate(texts))


def test_components_and_exact_groups() -> None:
    labels = components(6, np.array([4, 1, 5], dtype=np.int64), np.array([5, 2, 3], dtype=np.int64))
    assert labels.tolist() == [0, 1, 1, 3, 3, 3]
    assert exact_groups(np.array([7, 3, 7, 3, 9], dtype=np.uint64)).tolist() == [0, 1, 0, 1, 4]


def test_number_groups_largest_first_with_representative() -> None:
    labels = np.array([0, 1, 1, 0, 1, 5], dtype=np.int64)
    keys = np.array([10, 20, 21, 10, 21, 30], dtype=np.uint64)
    units = np.array([0, 1, 1, 0, 2, 0], dtype=np.int64)
    table = number_groups(labels, keys, units)
    assert table.group_no.tolist() == [2, 1, 1, 2, 1, 3]
    assert table.size.tolist() == [3, 2, 1]
    assert table.kind == ["campaign", "duplicate", "single"]
    assert table.representative.tolist() == [2, 0, 5]  # the most frequent text (21), its first comment
    assert table.unit_code.tolist() == [1, 0, 0]


TEMPLATE = "关于第十七条，我们强烈要求提高补植标准，砍一棵树至少补种五棵，并且补种的树必须种在原来的街道，不能用缴费代替补植。"


@pytest.mark.parametrize(
    "copy",
    [
        "尊敬的立法机关：" + TEMPLATE + "此致敬礼！——市民王某某",
        "您好！我是李四，" + TEMPLATE + "谢谢！",
        TEMPLATE.replace("要求", "希望").replace("至少", "起码"),  # a few words changed
        "说几句心里话，" + TEMPLATE.replace("必须", "一定要") + "请认真考虑。",
    ],
)
def test_a_copy_joins_its_campaign(copy: str) -> None:
    _, _, attributor = example()
    texts = [TEMPLATE, copy]
    r = analyse_partition(texts, attributor)
    assert group_labels(r.keys, r.sig, r.eligible).tolist() == [0, 0]


def test_two_comments_sharing_a_long_quote_stay_apart() -> None:
    _, _, attributor = example()
    quote = "经批准砍伐城市树木的，申请人应当按照砍伐一株补植三株的标准在指定地点补植；无法补植的，应当按照补植费用的三倍缴纳绿化补偿费"
    a = f"草案第十七条规定“{quote}”，我认为补植标准太低，应当提高到一株补五株。"
    b = f"草案第十七条规定“{quote}”，我觉得三倍的补偿费太高，小区根本承担不起，建议降低。"
    r = analyse_partition([a, b], attributor)
    assert group_labels(r.keys, r.sig, r.eligible).tolist() == [0, 1]
    # without setting the quote aside they would be one group: the test is not vacuous
    plain = _sig([normalize(a), normalize(b)])
    assert (plain[0] == plain[1]).mean() >= GroupingSettings().threshold


def test_the_same_quote_with_the_same_words_is_one_group() -> None:
    _, _, attributor = example()
    quote = "申请人应当按照砍伐一株补植三株的标准在指定地点补植"
    texts = [f"建议删除“{quote}”这一句，改为一株补五株。", f"建议删除“{quote}”这一句，改为一株补五株！"]
    r = analyse_partition(texts, attributor)
    assert group_labels(r.keys, r.sig, r.eligible).tolist() == [0, 0]
    assert residual(normalize(texts[0]), []) == normalize(texts[0])
