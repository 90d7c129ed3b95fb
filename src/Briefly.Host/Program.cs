Console.WriteLine("Briefly");
