using LvsOperator.Core.Resources;
using Microsoft.Extensions.Options;

namespace LvsOperator.Controller;

/// <summary>Refuses to start on settings that cannot work, naming each one.</summary>
internal sealed class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        var failures = new List<string>();
        if (options.LeaderElect && string.IsNullOrWhiteSpace(options.LeaderElectionNamespace))
            failures.Add("LeaderElectionNamespace (--leader-election-namespace, or POD_NAMESPACE) is required with --leader-elect");
        if (string.IsNullOrWhiteSpace(options.Identity)) failures.Add("Identity (POD_NAME) is required");
        if (!(options.RetryPeriod < options.RenewDeadline && options.RenewDeadline < options.LeaseDuration))
            failures.Add("leader election needs RetryPeriod < RenewDeadline < LeaseDuration");
        // The elector (client-go's semantics) opens each RenewDeadline window RetryPeriod after the last
        // renewal, so a leader that cannot renew writes until RetryPeriod + RenewDeadline after it; a standby
        // may lead LeaseDuration after.
        else if (options.RetryPeriod + options.RenewDeadline >= options.LeaseDuration)
            failures.Add("leader election needs RetryPeriod + RenewDeadline < LeaseDuration, or a leader that cannot renew still writes when a standby takes over");
        if (options.ResyncInterval < TimeSpan.FromSeconds(1)) failures.Add("ResyncInterval (--resync) must be at least 00:00:01");
        try
        {
            LabelText.Parse(options.DirectorSelector);
        }
        catch (FormatException e)
        {
            failures.Add($"DirectorSelector (--director-selector): {e.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
