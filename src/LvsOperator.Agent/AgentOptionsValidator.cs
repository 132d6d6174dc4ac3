using LvsOperator.KubeConfig;
using LvsOperator.Netlink.Scheduling;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>Refuses to start on settings that cannot work, naming each one.</summary>
internal sealed class AgentOptionsValidator(IOptions<KubeClientOptions> kube) : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.NodeName)) failures.Add("NodeName (--node) is required");
        if (kube.Value.IsSet && !string.IsNullOrEmpty(options.Manifests))
            failures.Add("--kubeconfig, --context and --api-server exclude Manifests (--manifests): cluster mode or standalone");
        if (string.IsNullOrWhiteSpace(options.StateDirectory)) failures.Add("StateDirectory (--state-dir) is required");
        if (string.IsNullOrWhiteSpace(options.DirectorInterface)) failures.Add("DirectorInterface is required");
        if (options.ResyncInterval < TimeSpan.FromMilliseconds(100) || options.ResyncInterval > TimeSpan.FromHours(1))
            failures.Add("ResyncInterval (--resync) must be between 00:00:00.1 and 01:00:00");
        if (options.VrrpRealTimePriority is < 0 or > RealTime.MaxPriority)
            failures.Add($"VrrpRealTimePriority (--vrrp-rt-priority) must be 0 (off) or 1-{RealTime.MaxPriority}");
        if (options.BgpWithdrawTimeout <= TimeSpan.Zero || options.BgpWithdrawTimeout > TimeSpan.FromMinutes(5))
            failures.Add("BgpWithdrawTimeout (--bgp-withdraw-timeout) must be more than 0 and at most 00:05:00");
        if (options.DrainGracePeriod < TimeSpan.Zero) failures.Add("DrainGracePeriod (--drain-grace) must not be negative");
        try
        {
            NodeIdentity.From(options);
        }
        catch (FormatException e)
        {
            failures.Add($"NodeLabels (--node-labels): {e.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
