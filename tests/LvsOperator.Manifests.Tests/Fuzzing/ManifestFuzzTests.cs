using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace LvsOperator.Manifests.Tests.Fuzzing;

/// <summary>
/// Issue 13's fuzzing: seeded random inputs over the manifest path, on every core. LVS_FUZZ_INPUTS sets the count
/// (make fuzz runs a long one), LVS_FUZZ_SEED the seed; a failure prints the seed and the input that broke.
/// </summary>
public sealed class ManifestFuzzTests(ITestOutputHelper output)
{
    // A quick run for dotnet test at the desk; CI (tests/run-all.sh) and make fuzz run 1,000,000 in Release.
    private const int DefaultInputs = 20_000;
    private static readonly string[] SeedFolders = ["valid", "invalid"];

    [Fact]
    public void No_input_crashes_the_manifest_path_and_no_accepted_plan_holds_a_reserved_address()
    {
        var inputs = int.TryParse(Environment.GetEnvironmentVariable("LVS_FUZZ_INPUTS"), out var n) ? n : DefaultInputs;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LVS_FUZZ_SEED"), out var s) ? s : 13;
        var seeds = SeedTexts();
        var workers = Math.Max(2, Environment.ProcessorCount);
        var findings = new ConcurrentQueue<(string Finding, string Input)>();
        var slowest = new ConcurrentBag<(TimeSpan Time, int Length)>();
        var clock = Stopwatch.StartNew();

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var mutator = new ManifestMutator(seeds, new Random(seed * 1_000 + worker));
            var worst = (Time: TimeSpan.Zero, Length: 0);
            var each = new Stopwatch();
            for (var i = worker; i < inputs; i += workers)
            {
                var input = mutator.Next();
                each.Restart();
                if (ManifestPipeline.Check(input) is { } finding && findings.Count < 20) findings.Enqueue((finding, input));
                if (each.Elapsed > worst.Time) worst = (each.Elapsed, input.Length);
            }

            slowest.Add(worst);
        });

        var worstOf = slowest.MaxBy(w => w.Time);
        var line = $"fuzz: {inputs:N0} inputs, {inputs / clock.Elapsed.TotalSeconds:N0}/s, {findings.Count} findings ({clock.Elapsed.TotalSeconds:F1} s, " +
                   $"{workers} workers, seed {seed}; slowest input {worstOf.Time.TotalMilliseconds:F0} ms, {worstOf.Length:N0} characters)";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(findings.IsEmpty, string.Join("\n\n", findings.Select(f => $"{f.Finding}\n--- input ({f.Input.Length} chars) ---\n{Shorten(f.Input)}")));
    }

    private static List<string> SeedTexts() =>
        SeedFolders.SelectMany(d => Directory.EnumerateFiles(Repo.Path("tests", "manifests", d), "*.yaml"))
            .Concat(Directory.EnumerateFiles(Repo.Path("examples"), "*.yaml"))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    private static string Shorten(string input) => input.Length <= 2_000 ? input : input[..2_000] + "...";
}
