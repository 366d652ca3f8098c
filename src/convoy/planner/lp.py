"""A small builder for linear models as named blocks, and its HiGHS solve.

Variables and constraints are added a block at a time from numpy arrays (triplets for the
matrix), so building a model with millions of nonzeros costs a few vectorised calls, and the
whole matrix goes to HiGHS in one passModel call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
INF = highspy.kHighsInf


@dataclass
class LinearModel:
    """max cost @ x  s.t.  row_lower <= A x <= row_upper,  col_lower <= x <= col_upper."""

    var_blocks: dict[str, slice] = field(default_factory=dict)
    row_blocks: dict[str, slice] = field(default_factory=dict)
    _cost: list[FloatArray] = field(default_factory=list)
    _col_lo: list[FloatArray] = field(default_factory=list)
    _col_hi: list[FloatArray] = field(default_factory=list)
    _row_lo: list[FloatArray] = field(default_factory=list)
    _row_hi: list[FloatArray] = field(default_factory=list)
    _rows: list[IntArray] = field(default_factory=list)
    _cols: list[IntArray] = field(default_factory=list)
    _vals: list[FloatArray] = field(default_factory=list)
    num_cols: int = 0
    num_rows: int = 0

    def add_vars(self, name: str, cost: FloatArray, upper: FloatArray | float = INF) -> IntArray:
        """A block of variables >= 0 with objective coefficients `cost`; returns their columns."""
        count = len(cost)
        self._cost.append(np.asarray(cost, dtype=np.float64))
        self._col_lo.append(np.zeros(count))
        self._col_hi.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (count,)).copy())
        cols = np.arange(self.num_cols, self.num_cols + count, dtype=np.int64)
        self.var_blocks[name] = slice(self.num_cols, self.num_cols + count)
        self.num_cols += count
        return cols

    def add_rows(self, name: str, count: int, lower: FloatArray | float,
                 upper: FloatArray | float) -> IntArray:
        """A block of rows; fill their coefficients with `coef`. Returns their row numbers."""
        self._row_lo.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (count,)).copy())
        self._row_hi.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (count,)).copy())
        rows = np.arange(self.num_rows, self.num_rows + count, dtype=np.int64)
        self.row_blocks[name] = slice(self.num_rows, self.num_rows + count)
        self.num_rows += count
        return rows

    def coef(self, rows: IntArray, cols: IntArray, vals: FloatArray | float) -> None:
        """Matrix entries; repeated (row, col) pairs add up."""
        rows = np.asarray(rows, dtype=np.int64)
        self._rows.append(rows)
        self._cols.append(np.asarray(cols, dtype=np.int64))
        self._vals.append(np.broadcast_to(np.asarray(vals, dtype=np.float64), rows.shape).copy())

    def cost(self) -> FloatArray:
        return np.concatenate(self._cost) if self._cost else np.zeros(0)

    def matrix(self) -> sp.csc_matrix:
        rows = np.concatenate(self._rows) if self._rows else np.zeros(0, dtype=np.int64)
        cols = np.concatenate(self._cols) if self._cols else np.zeros(0, dtype=np.int64)
        vals = np.concatenate(self._vals) if self._vals else np.zeros(0)
        return sp.csc_matrix((vals, (rows, cols)), shape=(self.num_rows, self.num_cols))

    def bounds(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        def cat(parts: list[FloatArray]) -> FloatArray:
            return np.concatenate(parts) if parts else np.zeros(0)
        return cat(self._col_lo), cat(self._col_hi), cat(self._row_lo), cat(self._row_hi)


def _pass_model(h: highspy.Highs, model: LinearModel, integer: bool = False) -> None:
    """Hand the whole model to HiGHS in one call (maximising)."""
    a = model.matrix()
    a.sort_indices()
    col_lo, col_hi, row_lo, row_hi = model.bounds()
    integrality = np.full(model.num_cols, 1 if integer else 0, dtype=np.int32)
    status = h.passModel(
        model.num_cols, model.num_rows, int(a.nnz), int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMaximize), 0.0, model.cost(), col_lo, col_hi, row_lo, row_hi,
        a.indptr.astype(np.int32), a.indices.astype(np.int32), a.data.astype(np.float64),
        integrality)
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS refused the model: {status}")


@dataclass
class LpSolution:
    status: str  # HiGHS model status text: "Optimal", "Time limit reached", ...
    x: FloatArray | None
    objective: float | None  # primal objective of x (None without a solution)
    dual_bound: float | None  # proven upper bound on the LP/MIP optimum, if HiGHS has one
    seconds: float
    #: LP only: each row's marginal value (objective gained per unit its bound is raised), when
    #: HiGHS has a feasible dual solution; bottlenecks.py reads it.
    row_dual: FloatArray | None = None


def solve_highs(model: LinearModel, time_limit: float | None = None,
                integer: bool = False, mip_gap: float = 1e-6, threads: int = 2,
                solver: str = "choose", start: FloatArray | None = None,
                verbose: bool = False) -> LpSolution:
    started = time.perf_counter()
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", verbose)
    h.setOptionValue("threads", threads)
    h.setOptionValue("solver", solver)
    if time_limit is not None:
        h.setOptionValue("time_limit", max(0.5, float(time_limit)))
    if integer:
        h.setOptionValue("mip_rel_gap", mip_gap)
    _pass_model(h, model, integer)
    if start is not None and integer:
        h.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
    h.run()
    model_status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    has_x = info.primal_solution_status == highspy.kSolutionStatusFeasible
    x = np.array(h.getSolution().col_value) if has_x else None
    objective = float(info.objective_function_value) if has_x else None
    if integer:
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
    else:
        bound = objective if model_status == "Optimal" else None
    duals = None
    if not integer and info.dual_solution_status == highspy.kSolutionStatusFeasible:
        duals = np.array(h.getSolution().row_dual)
    return LpSolution(model_status, x, objective, bound, time.perf_counter() - started, duals)


class Resolver:
    """An LP kept in HiGHS after its solve, to be solved again with some rows' upper bounds
    raised. Each solve starts from the last optimal basis, so it costs a few dual simplex
    iterations instead of a whole solve."""

    def __init__(self, model: LinearModel) -> None:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("solver", "simplex")
        _pass_model(h, model)
        _, _, self.row_lo, self.row_hi = model.bounds()
        h.run()
        self.h = h
        self.objective = float(h.getInfo().objective_function_value)
        self.optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def gain(self, rows: IntArray, extra: float) -> float | None:
        """What raising each row's upper bound by `extra` adds to the optimum (None if HiGHS
        does not reach an optimum); the bounds are restored afterwards."""
        if not self.optimal:
            return None
        rows32 = rows.astype(np.int32)
        self.h.changeRowsBounds(  # type: ignore[attr-defined,unused-ignore]
            len(rows32), rows32, self.row_lo[rows], self.row_hi[rows] + extra)
        self.h.run()
        raised = self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        value = float(self.h.getInfo().objective_function_value)
        self.h.changeRowsBounds(  # type: ignore[attr-defined,unused-ignore]
            len(rows32), rows32, self.row_lo[rows], self.row_hi[rows])
        return max(0.0, value - self.objective) if raised else None
