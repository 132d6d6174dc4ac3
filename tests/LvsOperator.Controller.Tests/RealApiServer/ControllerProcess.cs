using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// The built controller (<c>dotnet lvs-controller.dll</c>) as its own process, configured only through its command
/// line: a kubeconfig with its ServiceAccount's token, its Lease identity, a status port of its own. Its log lines are
/// kept for assertions and failure messages; it is stopped by its PID.
/// </summary>
public sealed class ControllerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ControllerProcess(Process process, string identity)
    {
        _process = process;
        Identity = identity;
    }

    public string Identity { get; }

    public bool HasExited => _process.HasExited;

    public static ControllerProcess Start(string kubeconfig, string identity, string leaseNamespace, params string[] extraArguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "lvs-controller.dll"),
            "--kubeconfig", kubeconfig,
            "--leader-election-namespace", leaseNamespace,
            "--status-address", $"http://127.0.0.1:{FreePort()}/",
            $"--Controller:Identity={identity}",
        ];
        foreach (var argument in arguments.Concat(extraArguments)) info.ArgumentList.Add(argument);
        // Logs as a node would keep them; no environment of the test run's own configures it.
        info.Environment.Remove("KUBECONFIG");

        var process = new Process { StartInfo = info };
        var started = new ControllerProcess(process, identity);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Whether any log line so far contains <paramref name="text"/>.</summary>
    public bool Logged(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>The last lines of its log, for a failure message.</summary>
    public string Tail(int count) => $"{Identity}:\n" + string.Join('\n', _lines.TakeLast(count));

    /// <summary>SIGKILL: what a node crash or an OOM kill does; no Lease is released.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, what the kubelet sends on a rollout: the host stops gracefully. True once it exited.</summary>
    public bool Terminate(TimeSpan within)
    {
        using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        signal?.WaitForExit();
        return _process.WaitForExit(within);
    }

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null) _lines.Enqueue(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
