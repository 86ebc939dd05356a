// Package metrics holds the hub's Prometheus metrics in one registry per
// process (no global default registry), so tests can make their own and
// nothing is registered twice.
package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics is the set the hub records.
type Metrics struct {
	Registry       *prometheus.Registry
	HTTPDuration   *prometheus.HistogramVec // by route pattern, method, status class
	SearchDuration *prometheus.HistogramVec // by backend and outcome
	OutboxDepth    prometheus.GaugeFunc
	IndexLag       prometheus.Histogram // seconds from outbox write to indexed
	IndexErrors    prometheus.Counter
}

// Buckets tuned for a search service whose targets are 15–50 ms.
var latencyBuckets = []float64{.001, .0025, .005, .01, .015, .025, .05, .1, .25, .5, 1, 2.5, 5}

// New makes the metrics; depth reports the outbox size when scraped.
func New(depth func(ctx context.Context) (int64, error)) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "hub_http_request_duration_seconds", Help: "Duur van HTTP-verzoeken.", Buckets: latencyBuckets,
		}, []string{"route", "method", "status"}),
		SearchDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "hub_search_duration_seconds", Help: "Duur van zoekopdrachten per zoekmachine.", Buckets: latencyBuckets,
		}, []string{"backend", "outcome"}),
		IndexLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "hub_index_lag_seconds", Help: "Tijd van schrijven in de database tot doorzoekbaar.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2, 5, 10, 30, 60, 300},
		}),
		IndexErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hub_index_errors_total", Help: "Mislukte pogingen om de zoekindex bij te werken.",
		}),
	}
	m.OutboxDepth = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "hub_outbox_depth", Help: "Aantal wijzigingen dat nog naar de zoekindex moet.",
	}, func() float64 {
		if depth == nil {
			return 0
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := depth(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	reg.MustRegister(m.HTTPDuration, m.SearchDuration, m.OutboxDepth, m.IndexLag, m.IndexErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
