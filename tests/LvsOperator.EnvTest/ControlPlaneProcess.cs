using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.EnvTest;

/// <summary>One control-plane binary, its output kept in a log file, stopped by its PID (with its process tree).</summary>
internal sealed class ControlPlaneProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();

    private ControlPlaneProcess(Process process, StreamWriter log, string logPath)
    {
        this.process = process;
        this.log = log;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static ControlPlaneProcess Start(string binary, IEnumerable<string> arguments, string logPath)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var started = new ControlPlaneProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => started.Write(e.Data);
        process.ErrorDataReceived += (_, e) => started.Write(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The last lines of the log, for an error message.</summary>
    public string Tail(int lines)
    {
        lock (logLock)
        {
            using var reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(reader);
            var all = text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
    }

    /// <summary>A free TCP port on 127.0.0.1 (free when asked; the binary binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (logLock) log.WriteLine(line);
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }

        process.Dispose();
        lock (logLock) log.Dispose();
    }
}
