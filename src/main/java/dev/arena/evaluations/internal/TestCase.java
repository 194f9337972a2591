package dev.arena.evaluations.internal;

/** One input for the program and the output it must print (compared without trailing white space). */
record TestCase(String stdin, String expectedOutput) {
}
