// Command tollgate-analysis-eval runs Argo Rollouts' own Prometheus metric provider on the
// metrics of an AnalysisTemplate, one measurement each, and prints each measurement's phase:
// the query goes to a real Prometheus, and the success and failure conditions are evaluated by
// Argo Rollouts' evaluate package, with expr-lang/expr and the functions a cluster gives them.
//
// Input (standard input, JSON): {"runs": [{"metrics": [Metric...], "args": [{"name", "value"}]}]}.
// Each run's metrics are first checked with Argo Rollouts' own ValidateMetrics, and their
// {{args.*}} placeholders resolved as an AnalysisRun resolves them.
//
// Output (standard output, JSON): {"runs": [{"measurements": [{"metric", "phase", "value",
// "message"}]} or {"error": "..."}]}, one per run, in order; exit code 1 when the input is not JSON.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/argoproj/argo-rollouts/metricproviders/prometheus"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	analysisutil "github.com/argoproj/argo-rollouts/utils/analysis"
	log "github.com/sirupsen/logrus"
)

// version is stamped by the build (-X main.version=...), and printed by --version.
var version = "dev"

type run struct {
	Metrics []v1alpha1.Metric   `json:"metrics"`
	Args    []v1alpha1.Argument `json:"args"`
}

type input struct {
	Runs []run `json:"runs"`
}

type measurement struct {
	Metric  string `json:"metric"`
	Phase   string `json:"phase"`
	Value   string `json:"value"`
	Message string `json:"message,omitempty"`
}

type runResult struct {
	Measurements []measurement `json:"measurements,omitempty"`
	Error        string        `json:"error,omitempty"`
}

type output struct {
	Runs  []runResult `json:"runs,omitempty"`
	Error string      `json:"error,omitempty"`
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Printf("tollgate-analysis-eval %s\n", version)
		return
	}
	log.SetOutput(os.Stderr)
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail(fmt.Errorf("reading the input: %w", err))
	}
	out := output{Runs: []runResult{}}
	for _, r := range in.Runs {
		measurements, err := measure(r)
		if err != nil {
			out.Runs = append(out.Runs, runResult{Error: err.Error()})
		} else {
			out.Runs = append(out.Runs, runResult{Measurements: measurements})
		}
	}
	write(out)
}

// measure takes one measurement of each metric of a run, as the controller's first one would.
func measure(r run) ([]measurement, error) {
	if err := analysisutil.ValidateMetrics(r.Metrics); err != nil {
		return nil, err
	}
	measurements := []measurement{}
	for _, m := range r.Metrics {
		resolved, err := analysisutil.ResolveMetricArgs(m, r.Args)
		if err != nil {
			return nil, fmt.Errorf("metric %s: resolving its args: %w", m.Name, err)
		}
		if resolved.Provider.Prometheus == nil {
			return nil, fmt.Errorf("metric %s: not a Prometheus metric", m.Name)
		}
		api, err := prometheus.NewPrometheusAPI(*resolved)
		if err != nil {
			return nil, fmt.Errorf("metric %s: %w", m.Name, err)
		}
		provider, err := prometheus.NewPrometheusProvider(api, *log.WithField("metric", m.Name), *resolved)
		if err != nil {
			return nil, fmt.Errorf("metric %s: %w", m.Name, err)
		}
		result := provider.Run(&v1alpha1.AnalysisRun{}, *resolved)
		measurements = append(measurements, measurement{
			Metric:  m.Name,
			Phase:   string(result.Phase),
			Value:   result.Value,
			Message: result.Message,
		})
	}
	return measurements, nil
}

func fail(err error) {
	write(output{Error: err.Error()})
	os.Exit(1)
}

func write(out output) {
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
