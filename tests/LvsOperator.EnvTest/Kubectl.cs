using System.Diagnostics;

namespace LvsOperator.EnvTest;

/// <summary>What one kubectl run printed.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Throws with kubectl's own words unless it succeeded.</summary>
    public KubectlResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"kubectl exited {ExitCode}: {Stderr}{Stdout}");
}

/// <summary>Runs the machine's kubectl against a <see cref="KubeApiServer"/>, with a given kubeconfig.</summary>
public static class Kubectl
{
    public static async Task<KubectlResult> RunAsync(string kubeconfig, IEnumerable<string> arguments, string? stdin = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // kubectl's discovery cache would be shared between servers that reuse a port.
        info.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "kubectl-cache");

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new KubectlResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
