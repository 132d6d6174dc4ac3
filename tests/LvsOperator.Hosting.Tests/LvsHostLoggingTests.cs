using LvsOperator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LvsOperator.Hosting.Tests;

/// <summary>The hosts' logs follow the <c>Logging</c> section, from the command line or <c>LVS_Logging__...</c>.</summary>
public sealed class LvsHostLoggingTests
{
    [Fact]
    public void The_Logging_section_sets_levels_and_a_timestamp_on_each_line()
    {
        var builder = LvsHost.CreateBuilder(
            ["--Logging:LogLevel:Default=Warning", "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff "],
            new Dictionary<string, string>());
        using var host = builder.Build();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Test");
        var console = host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.Equal("HH:mm:ss.fff ", console.TimestampFormat);
        Assert.True(console.SingleLine);
    }
}
