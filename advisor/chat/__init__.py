"""`greenadvisor chat`: a conversation over one architecture."""
