using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(WeComGateway.Benchmarks.TokenCacheBenchmarks).Assembly).Run(args);
