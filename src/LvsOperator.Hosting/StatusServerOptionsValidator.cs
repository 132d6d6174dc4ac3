using Microsoft.Extensions.Options;

namespace LvsOperator.Hosting;

/// <summary>Refuses a status address that names no socket address, so the host does not start half-served.</summary>
internal sealed class StatusServerOptionsValidator : IValidateOptions<StatusServerOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusServerOptions options) =>
        string.IsNullOrEmpty(options.Address) || StatusEndpoint.TryParse(options.Address, out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"StatusAddress (--status-address): {error}");
}
