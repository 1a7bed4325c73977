"""`keras.ops.linalg` side by side with `keras.ops` on its torch backend.

Decompositions defined up to signs, phases or order (`eig`, `eigh`, `qr`,
`svd`) are compared through invariants: reconstructions, singular values,
orthogonality.
"""

import numpy as np
import pytest
import torch

from tests.compat.ops_checks import (
    output_and_gradient,
    run_eager_case,
    run_error_case,
    run_symbolic_case,
)


def _matrix(*shape, dtype="float32", seed=0):
    rng = np.random.default_rng([seed, *shape])
    return torch.from_numpy(rng.normal(size=shape).astype(dtype))


A = _matrix(4, 4)
BATCH = _matrix(2, 3, 3)
TALL = _matrix(5, 3)
WIDE = _matrix(3, 5)
SPD = BATCH @ BATCH.transpose(-1, -2) + 3 * torch.eye(3)
SYMMETRIC = A + A.T
LOWER = torch.tril(A) + 4 * torch.eye(4)
RANK_2 = _matrix(4, 2) @ _matrix(2, 4, seed=1)


def _eig_invariants(output):
    values, vectors = output
    reconstruction = vectors @ torch.diag_embed(values) @ torch.linalg.inv(vectors)
    order = torch.argsort(values.real * 1e3 + values.imag, dim=-1)
    return (torch.view_as_real(torch.take_along_dim(values, order, dim=-1)),
            torch.view_as_real(reconstruction))


def _eigh_invariants(output):
    values, vectors = output
    return values, vectors @ torch.diag_embed(values) @ vectors.transpose(-1, -2)


def _qr_invariants(output):
    q, r = output
    return q @ r, torch.abs(r), q.transpose(-1, -2) @ q


def _svd_invariants(output):
    u, s, vh = output
    k = s.shape[-1]
    reconstruction = u[..., :k] * s[..., None, :] @ vh[..., :k, :]
    return s, reconstruction, u.transpose(-1, -2) @ u, vh @ vh.transpose(-1, -2)


def _jvp(k, has_aux=False):
    def fun(x, y):
        out = k.ops.sin(x) * y
        return (out, k.ops.sum(out)) if has_aux else out

    return k.ops.linalg.jvp(fun, (A, A.T), (torch.ones(4, 4), A), has_aux=has_aux)


EAGER = {
    "cholesky": (lambda k: k.ops.cholesky(SPD), None),
    "cholesky_upper": (lambda k: k.ops.linalg.cholesky(SPD[0].double(), upper=True), None),
    "cholesky_list": (lambda k: k.ops.cholesky([[4.0, 2.0], [2.0, 5.0]]), None),
    "cholesky_inverse": (lambda k: k.ops.cholesky_inverse(torch.linalg.cholesky(SPD)), None),
    "cholesky_inverse_upper": (lambda k: k.ops.cholesky_inverse(
        torch.linalg.cholesky(SPD[1], upper=True), upper=True), None),
    "det": (lambda k: k.ops.det(A), None),
    "det_batch": (lambda k: k.ops.linalg.det(BATCH.double()), None),
    "eig": (lambda k: k.ops.eig(A), _eig_invariants),
    "eig_batch": (lambda k: k.ops.linalg.eig(BATCH), _eig_invariants),
    "eigh": (lambda k: k.ops.eigh(SYMMETRIC), _eigh_invariants),
    "eigh_batch": (lambda k: k.ops.linalg.eigh(SPD.double()), _eigh_invariants),
    "inv": (lambda k: k.ops.inv(A), None),
    "inv_batch": (lambda k: k.ops.linalg.inv(BATCH), None),
    "lu_factor": (lambda k: k.ops.lu_factor(A), None),
    "lu_factor_batch_wide": (lambda k: k.ops.linalg.lu_factor(_matrix(2, 3, 5)), None),
    "lu_factor_tall": (lambda k: k.ops.lu_factor(TALL.double()), None),
    "norm": (lambda k: k.ops.norm(A), None),
    "norm_vector_orders": (lambda k: [k.ops.norm(A, ord=o, axis=1)
                                      for o in (1, 2, 3, 0, np.inf, -np.inf, -1)], None),
    "norm_matrix_orders": (lambda k: [k.ops.linalg.norm(BATCH, ord=o, axis=(1, 2))
                                      for o in ("fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf)],
                           None),
    "norm_2d_ord": (lambda k: k.ops.norm(A, ord="fro"), None),
    "norm_keepdims": (lambda k: k.ops.norm(BATCH, axis=-1, keepdims=True), None),
    "norm_int32": (lambda k: k.ops.norm(torch.tensor([3, 4], dtype=torch.int32)), None),
    "norm_int64": (lambda k: k.ops.norm(torch.tensor([[3, 4]]), axis=1), None),
    "norm_float64": (lambda k: k.ops.norm(A.double(), axis=0), None),
    "norm_bool": (lambda k: k.ops.norm(A > 0), None),
    "qr": (lambda k: k.ops.qr(TALL), _qr_invariants),
    "qr_complete": (lambda k: k.ops.linalg.qr(TALL, mode="complete"), _qr_invariants),
    "qr_wide_batch": (lambda k: k.ops.qr(_matrix(2, 3, 5)), _qr_invariants),
    "solve": (lambda k: k.ops.solve(A, _matrix(4)), None),
    "solve_matrix": (lambda k: k.ops.linalg.solve(A, _matrix(4, 2)), None),
    "solve_batch": (lambda k: k.ops.solve(BATCH, _matrix(2, 3, 2)), None),
    "solve_triangular_lower": (lambda k: k.ops.solve_triangular(LOWER, _matrix(4), lower=True),
                               None),
    "solve_triangular_upper": (lambda k: k.ops.linalg.solve_triangular(
        LOWER.T, _matrix(4, 3)), None),
    "solve_triangular_batch": (lambda k: k.ops.solve_triangular(
        torch.triu(SPD), _matrix(2, 3)), None),
    "svd": (lambda k: k.ops.svd(TALL), _svd_invariants),
    "svd_reduced": (lambda k: k.ops.linalg.svd(WIDE, full_matrices=False), _svd_invariants),
    "svd_batch": (lambda k: k.ops.svd(BATCH, full_matrices=False), _svd_invariants),
    "svd_values": (lambda k: k.ops.svd(_matrix(2, 4, 3), compute_uv=False), None),
    "lstsq": (lambda k: k.ops.lstsq(TALL, _matrix(5)), None),
    "lstsq_matrix": (lambda k: k.ops.linalg.lstsq(TALL, _matrix(5, 2)), None),
    "lstsq_rcond": (lambda k: k.ops.lstsq(RANK_2, _matrix(4), rcond=1e-3), None),
    "matrix_rank": (lambda k: k.ops.matrix_rank(A), None),
    "matrix_rank_deficient": (lambda k: k.ops.linalg.matrix_rank(RANK_2), None),
    "matrix_rank_tol": (lambda k: k.ops.matrix_rank(torch.diag(torch.tensor([3.0, 1e-2, 1.0])),
                                                    tol=0.1), None),
    "matrix_rank_batch": (lambda k: k.ops.matrix_rank(torch.stack([A, RANK_2])), None),
    "pinv": (lambda k: k.ops.pinv(WIDE), None),
    "pinv_rcond": (lambda k: k.ops.linalg.pinv(RANK_2, rcond=1e-3), None),
    "pinv_batch": (lambda k: k.ops.pinv(BATCH), None),
    "jvp": (_jvp, None),
    "jvp_aux": (lambda k: _jvp(k, has_aux=True), None),
    "gradient_inv": (lambda k: output_and_gradient(k, "inv", A), None),
    "gradient_det": (lambda k: output_and_gradient(k, "det", BATCH), None),
    "gradient_norm": (lambda k: output_and_gradient(k, "norm", A, axis=1), None),
    "gradient_solve": (lambda k: output_and_gradient(k, "solve", A, _matrix(4, 2)), None),
    "gradient_cholesky": (lambda k: output_and_gradient(k, "cholesky", SPD), None),
}

SYMBOLIC = {
    "cholesky": lambda k: k.ops.cholesky(k.Input((3, 3)), upper=True),
    "cholesky_inverse": lambda k: k.ops.cholesky_inverse(k.Input((3, 3), dtype="float64")),
    "det": lambda k: k.ops.det(k.Input((3, 3))),
    "eig": lambda k: k.ops.eig(k.Input((3, 3))),
    "eigh": lambda k: k.ops.eigh(k.Input((2, 3, 3))),
    "inv": lambda k: k.ops.inv(k.Input((4, 4))),
    "lu_factor": lambda k: k.ops.lu_factor(k.Input((3, 5))),
    "norm": lambda k: k.ops.norm(k.Input((3, 4))),
    "norm_axis": lambda k: k.ops.norm(k.Input((3, 4), dtype="int32"), ord=1, axis=1),
    "norm_matrix": lambda k: k.ops.norm(k.Input((3, 4), dtype="float64"), ord="nuc",
                                        axis=(1, 2), keepdims=True),
    "qr": lambda k: k.ops.qr(k.Input((5, 3))),
    "qr_complete": lambda k: k.ops.qr(k.Input((5, 3)), mode="complete"),
    "solve": lambda k: k.ops.solve(k.Input((3, 3)), k.Input((3,))),
    "solve_matrix": lambda k: k.ops.solve(k.Input((3, 3)), k.Input((3, 2), dtype="float64")),
    "solve_triangular": lambda k: k.ops.solve_triangular(k.Input((3, 3)), k.Input((3,)),
                                                         lower=True),
    "svd": lambda k: k.ops.svd(k.Input((5, 3))),
    "svd_reduced": lambda k: k.ops.svd(k.Input((3, 5)), full_matrices=False),
    "svd_values": lambda k: k.ops.svd(k.Input((3, 5)), compute_uv=False),
    "lstsq": lambda k: k.ops.lstsq(k.Input((3,), batch_size=5), k.Input((), batch_size=5)),
    "lstsq_matrix": lambda k: k.ops.lstsq(k.Input((3,), batch_size=5), k.Input((2,),
                                                                                batch_size=5),
                                          rcond=0.01),
    "matrix_rank": lambda k: k.ops.matrix_rank(k.Input((3, 4)), tol=0.5),
    "pinv": lambda k: k.ops.pinv(k.Input((3, 5)), rcond=0.01),
    "jvp": lambda k: k.ops.jvp(lambda x: x * 2, (k.Input((3,)),), (k.Input((3,)),)),
}

ERRORS = {
    "cholesky_not_positive": lambda k: k.ops.cholesky(-torch.eye(3)),
    "cholesky_rank": lambda k: k.ops.cholesky(torch.ones(3)),
    "cholesky_inverse_rank": lambda k: k.ops.cholesky_inverse(torch.ones(3)),
    "det_not_square": lambda k: k.ops.det(TALL),
    "eig_not_square": lambda k: k.ops.eig(TALL),
    "eigh_rank": lambda k: k.ops.eigh(torch.ones(3)),
    "inv_not_square": lambda k: k.ops.inv(WIDE),
    "inv_symbolic_not_square": lambda k: k.ops.inv(k.Input((3, 4))),
    "lu_factor_rank": lambda k: k.ops.lu_factor(torch.ones(3)),
    "qr_mode": lambda k: k.ops.qr(TALL, mode="raw"),
    "qr_symbolic_mode": lambda k: k.ops.qr(k.Input((3, 3)), mode="full"),
    "qr_symbolic_unknown": lambda k: k.ops.qr(k.Input((3, None))),
    "qr_symbolic_rank": lambda k: k.ops.qr(k.Input(())),
    "solve_scalar_b": lambda k: k.ops.solve(A, torch.tensor(1.0)),
    "solve_incompatible": lambda k: k.ops.solve(A, torch.ones(3, 2)),
    "solve_incompatible_vector": lambda k: k.ops.solve(BATCH, torch.ones(2, 4)),
    "solve_triangular_not_square": lambda k: k.ops.solve_triangular(TALL, torch.ones(5)),
    "svd_rank": lambda k: k.ops.svd(torch.ones(3)),
    "lstsq_symbolic_rank": lambda k: k.ops.lstsq(k.Input((3, 3)), k.Input((3,))),
    "lstsq_symbolic_b_rank": lambda k: k.ops.lstsq(k.Input((3,), batch_size=3),
                                                   k.Input((3, 2), batch_size=3)),
    "lstsq_symbolic_rows": lambda k: k.ops.lstsq(k.Input((3,), batch_size=3),
                                                 k.Input((), batch_size=4)),
    "norm_symbolic_ord": lambda k: k.ops.norm(k.Input((3,)), ord="max"),
    "norm_symbolic_vector_ord": lambda k: k.ops.norm(k.Input((3,)), ord="fro", axis=1),
    "norm_symbolic_matrix_ord": lambda k: k.ops.norm(k.Input((3, 3)), ord=3, axis=(1, 2)),
    "matrix_rank_symbolic_rank": lambda k: k.ops.matrix_rank(k.Input(())),
    "pinv_symbolic_rank": lambda k: k.ops.pinv(k.Input(())),
}


@pytest.mark.parametrize("name", sorted(EAGER))
def test_eager_matches_keras(name):
    case, normalize = EAGER[name]
    run_eager_case(case, normalize)


@pytest.mark.parametrize("name", sorted(SYMBOLIC))
def test_symbolic_matches_keras(name):
    run_symbolic_case(SYMBOLIC[name])


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_keras(name):
    run_error_case(ERRORS[name])
