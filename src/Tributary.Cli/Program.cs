using Tributary.Cli;

return await TributaryCli.InvokeAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
