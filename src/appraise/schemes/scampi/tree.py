"""The scampi results as the neutral rating tree."""

from __future__ import annotations

from appraise.framework.model import Framework
from appraise.schemes.common import Scope
from appraise.schemes.tree import RatingNode, RatingTree


def build_tree(framework: Framework, scope: Scope, result) -> RatingTree:
    return RatingTree(result.scheme, RatingNode(framework.id, "appraisal", framework.title),
                      tuple(scope.projects), document=result.to_dict)
