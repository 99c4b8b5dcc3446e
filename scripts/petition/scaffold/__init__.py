"""A new repository for another cause (`petition init`): the tool's own files and the new cause's
settings enter; a complete repository, without this one's motions, campaigns or cause, leaves."""
