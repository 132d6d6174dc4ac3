using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Health.Bench;

/// <summary>
/// The bench's real servers: listening sockets that accept and close, in a child process of their own so their
/// CPU is not counted as the checker's. The child prints its ports, one a line, then serves until its stdin closes.
/// </summary>
internal sealed class LoopbackListeners : IDisposable
{
    private readonly Process _child;

    private LoopbackListeners(Process child, IReadOnlyList<ushort> ports)
    {
        _child = child;
        Ports = ports;
    }

    public IReadOnlyList<ushort> Ports { get; }

    public TimeSpan ProcessorTime
    {
        get
        {
            _child.Refresh();
            return _child.TotalProcessorTime;
        }
    }

    /// <summary>Starts this program again in serve mode and reads the ports it listens on.</summary>
    public static async Task<LoopbackListeners> StartChildAsync(int count)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true };
        // Under "dotnet X.dll" the process is the host: hand it the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(LoopbackListeners).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        var child = Process.Start(start) ?? throw new InvalidOperationException("the listener process did not start");
        var ports = new List<ushort>();
        while (ports.Count < count && await child.StandardOutput.ReadLineAsync() is { } line)
            ports.Add(ushort.Parse(line, CultureInfo.InvariantCulture));
        if (ports.Count < count) throw new InvalidOperationException($"the listener process gave {ports.Count} of {count} ports");
        return new LoopbackListeners(child, ports);
    }

    /// <summary>The child's side: listens, prints the ports, accepts and closes until stdin closes.</summary>
    public static async Task<int> ServeAsync(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, 0));
            listener.Listen(4096);
            return listener;
        }).ToList();
        foreach (var listener in listeners)
        {
            Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port);
            _ = AcceptAsync(listener);
        }

        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        foreach (var listener in listeners) listener.Dispose();
        return 0;
    }

    public void Dispose()
    {
        _child.StandardInput.Close();
        if (!_child.WaitForExit(TimeSpan.FromSeconds(5))) _child.Kill();
        _child.Dispose();
    }

    private static async Task AcceptAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                using var accepted = await listener.AcceptAsync();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed at the end of the run.
        }
    }
}
