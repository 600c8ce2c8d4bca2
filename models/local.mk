# models/local.mk — the model library, shipped and installed. Each model's claims are
# verified by tests/models.sh (fimc check must pass on every one).
modelsdir = $(pkgdatadir)/models
dist_models_DATA = \
	models/bernoulli.fim \
	models/beta.fim \
	models/beta_binomial.fim \
	models/binomial.fim \
	models/categorical.fim \
	models/cauchy.fim \
	models/erlang.fim \
	models/exponential.fim \
	models/gamma.fim \
	models/geometric.fim \
	models/gumbel.fim \
	models/half_normal.fim \
	models/inverse_gamma.fim \
	models/inverse_gaussian.fim \
	models/log_logistic.fim \
	models/logarithmic.fim \
	models/logistic.fim \
	models/logistic_regression.fim \
	models/lognormal.fim \
	models/maxwell.fim \
	models/mixture_weight.fim \
	models/negative_binomial.fim \
	models/normal.fim \
	models/normal_iid.fim \
	models/normal_natural.fim \
	models/pareto.fim \
	models/poisson.fim \
	models/poisson_regression.fim \
	models/rayleigh.fim \
	models/student_t.fim \
	models/von_mises.fim \
	models/weibull.fim \
	models/zero_inflated_poisson.fim \
	models/zero_truncated_poisson.fim
