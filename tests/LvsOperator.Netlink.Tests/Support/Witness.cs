using System.Diagnostics;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>Runs an independent tool (ip, ipvsadm) inside a namespace, as a witness of what the kernel holds.</summary>
public static class Witness
{
    /// <summary>Runs <c>nsenter --net=NS FILE ARGS</c> and returns stdout; throws on a non-zero exit.</summary>
    public static string Run(string namespacePath, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--net=" + namespacePath);
        start.ArgumentList.Add(file);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("nsenter did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
