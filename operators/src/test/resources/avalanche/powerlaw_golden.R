# Golden power-law fits for PowerLawFitterGoldenTest, by R poweRlaw (Debian r-cran-powerlaw).
# Run from this folder: Rscript powerlaw_golden.R
# Writes powerlaw_sample.csv (size,duration of 3000 critical Galton-Watson avalanches: one
# ancestor, Poisson(1 x previous generation) offspring; avalanches of 1e5 events or more are
# redrawn, so that poweRlaw's default KS range xmax = 1e5 covers the whole sample) and
# powerlaw_golden.txt (key=value lines).
# Fits: displ + estimate_xmin with x_min candidates = the distinct values leaving >= 100 values
# in the tail (the Java default); the standard error is 1 / sqrt of the numerical Hessian of the
# negative log-likelihood at the estimate (optimHess), independent of the Java formula.
library(poweRlaw)
set.seed(2)
n <- 3000
size <- integer(n)
duration <- integer(n)
i <- 1
while (i <= n) {
  a <- 1; s <- 0; t <- 0
  while (a > 0 && s < 1e5) { s <- s + a; t <- t + 1; a <- rpois(1, a) }
  if (s < 1e5) { size[i] <- s; duration[i] <- t; i <- i + 1 }
}
write.csv(data.frame(size = size, duration = duration), "powerlaw_sample.csv", row.names = FALSE)

fit <- function(x, name) {
  u <- sort(unique(x))
  tailn <- sapply(u, function(v) sum(x >= v))
  cand <- u[tailn >= 100]
  m <- displ$new(x)
  est <- estimate_xmin(m, xmins = cand, xmax = 1e5)
  m$setXmin(est)
  tail <- x[x >= est$xmin]
  nll <- function(a) -dist_ll(displ_with(x, est$xmin, a))
  h <- optimHess(est$pars, nll)
  m1 <- displ$new(x); m1$setXmin(1); m1$mle()
  c(sprintf("%s.xmin=%d", name, as.integer(est$xmin)),
    sprintf("%s.alpha=%.10f", name, est$pars),
    sprintf("%s.alpha_se=%.10f", name, 1 / sqrt(h[1, 1])),
    sprintf("%s.ks=%.10f", name, est$gof),
    sprintf("%s.ntail=%d", name, as.integer(est$ntail)),
    sprintf("%s.alpha_at_xmin1=%.10f", name, m1$pars))
}
displ_with <- function(x, xmin, a) { m <- displ$new(x); m$setXmin(xmin); m$setPars(a); m }
out <- c(sprintf("poweRlaw=%s", as.character(packageVersion("poweRlaw"))),
         fit(size, "size"), fit(duration, "duration"))
writeLines(out, "powerlaw_golden.txt")
writeLines(out)
