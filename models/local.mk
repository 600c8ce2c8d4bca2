# models/local.mk — the model library, shipped and installed. Each model's claims are
# verified by tests/models.sh (fimc check must pass on every one).
modelsdir = $(pkgdatadir)/models
dist_models_DATA = \
	models/bernoulli.fim \
	models/beta.fim \
	models/binomial.fim \
	models/categorical.fim \
	models/cauchy.fim \
	models/exponential.fim \
	models/gamma.fim \
	models/geometric.fim \
	models/inverse_gaussian.fim \
	models/logistic.fim \
	models/lognormal.fim \
	models/negative_binomial.fim \
	models/normal.fim \
	models/poisson.fim \
	models/student_t.fim \
	models/weibull.fim
